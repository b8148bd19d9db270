using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Ngff;

namespace Tessera.Imaging.Rendering;

/// <summary>The catalogue's stored form of <see cref="RenderingSettings"/>.</summary>
internal static class RenderingSettingsJson
{
    private const string Parameter = "settings";

    public static RenderingSettings Read(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw Problem("$", "is not JSON: " + e.Message);
        }

        if (root is not JsonObject obj)
        {
            throw Problem("$", "must be an object with \"model\" and \"channels\"");
        }

        var model = obj["model"] switch
        {
            null => RenderingModel.Color,
            JsonValue v when v.TryGetValue<string>(out var s) && s == "color" => RenderingModel.Color,
            JsonValue v when v.TryGetValue<string>(out var s) && s == "greyscale" => RenderingModel.Greyscale,
            var other => throw Problem("$.model", $"must be \"color\" or \"greyscale\", found {Describe(other)}"),
        };

        if (obj["channels"] is not JsonArray array)
        {
            throw Problem("$.channels", $"must be an array of channels, found {Describe(obj["channels"])}");
        }

        var channels = new RenderingChannel[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            channels[i] = ReadChannel(array[i], string.Create(CultureInfo.InvariantCulture, $"$.channels[{i}]"));
        }

        return new RenderingSettings(model, channels);
    }

    public static string Write(RenderingSettings settings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", settings.Model == RenderingModel.Greyscale ? "greyscale" : "color");
            writer.WriteStartArray("channels");
            foreach (var channel in settings.Channels)
            {
                writer.WriteStartObject();
                if (channel.Label is not null)
                {
                    writer.WriteString("label", channel.Label);
                }

                writer.WriteString("color", channel.Color.ToString());
                writer.WriteNumber("start", channel.Start);
                writer.WriteNumber("end", channel.End);
                writer.WriteBoolean("active", channel.Active);
                if (channel.Inverted)
                {
                    writer.WriteBoolean("inverted", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static RenderingChannel ReadChannel(JsonNode? node, string path)
    {
        if (node is not JsonObject channel)
        {
            throw Problem(path, $"must be an object, found {Describe(node)}");
        }

        var colorText = channel["color"] is JsonValue c && c.TryGetValue<string>(out var s) ? s
            : throw Problem(path + ".color", $"must be six hexadecimal digits (RRGGBB), found {Describe(channel["color"])}");
        if (!RgbColor.TryParse(colorText, out var color))
        {
            throw Problem(path + ".color", $"'{colorText}' is not six hexadecimal digits (RRGGBB)");
        }

        var start = Number(channel, "start", path);
        var end = Number(channel, "end", path);
        if (start > end)
        {
            throw Problem(path, $"window start {Format(start)} is after its end {Format(end)}");
        }

        string? label = channel["label"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            var other => throw Problem(path + ".label", $"must be a string, found {Describe(other)}"),
        };
        return new RenderingChannel(color, start, end, Flag(channel, "active", path, true))
        {
            Label = label,
            Inverted = Flag(channel, "inverted", path, false),
        };
    }

    private static double Number(JsonObject obj, string name, string path)
    {
        if (obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw Problem($"{path}.{name}", $"must be a finite number, found {Describe(obj[name])}");
    }

    private static bool Flag(JsonObject obj, string name, string path, bool absent) => obj[name] switch
    {
        null => absent,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw Problem($"{path}.{name}", $"must be true or false, found {Describe(other)}"),
    };

    private static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "nothing";
        }

        var text = node.ToJsonString();
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static RenderingParameterException Problem(string path, string problem) => new(Parameter, $"{path} {problem}");
}
