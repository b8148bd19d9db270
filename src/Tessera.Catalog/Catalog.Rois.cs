using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    private static readonly string[] ShapeNames = ["rectangle", "ellipse", "point", "line", "polyline", "polygon", "mask", "label"];

    /// <summary>
    /// Adds one ROI to an image from GeoJSON: a Feature or a FeatureCollection whose features become its shapes.
    /// Geometry is Point, LineString or Polygon in pixel coordinates (x, y); <c>properties.shape</c> names the kind
    /// when the geometry alone does not (rectangle, ellipse, mask, label); <c>properties.theZ/theT/theC</c> pin the
    /// shape to a plane; other properties are kept. <c>properties.name</c> of the first feature names the ROI.
    /// </summary>
    /// <exception cref="CatalogException">The GeoJSON is malformed; the message names the feature and the problem.</exception>
    /// <exception cref="CatalogNotFoundException">The caller may not read the image.</exception>
    /// <exception cref="CatalogForbiddenException">The caller may not annotate it.</exception>
    public async Task<long> AddRoiAsync(CatalogCaller caller, long imageId, string geoJson, CancellationToken cancellationToken = default)
    {
        var shapes = ParseShapes(geoJson);
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var image = await RequireAsync(write, new ObjectRef(CatalogObjectType.Image, imageId), CatalogAction.Annotate).ConfigureAwait(false);
        var name = shapes[0].Properties["name"]?.GetValue<string>();
        var roiId = await write.InsertAsync(
            "INSERT INTO roi (image_id, name, description, owner_id, group_id, created_at) VALUES (@imageId, @name, NULL, @me, @groupId, @at)",
            new { imageId, name, me = caller.ExperimenterId, groupId = image.GroupId, at = write.Time() }).ConfigureAwait(false);
        foreach (var shape in shapes)
        {
            await write.ExecuteAsync(
                "INSERT INTO shape (roi_id, kind, the_z, the_t, the_c, geometry, properties) VALUES (@roiId, @kind, @z, @t, @c, @geometry, @properties)",
                new { roiId, kind = shape.Kind, z = shape.Z, t = shape.T, c = shape.C, geometry = shape.Geometry.ToJsonString(), properties = shape.Properties.ToJsonString() }).ConfigureAwait(false);
        }

        await write.EventAsync("create", "roi", roiId, $"image {imageId}, {shapes.Count} shape(s)").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return roiId;
    }

    /// <summary>The ROIs of an image the caller may read, as one GeoJSON FeatureCollection (a feature per shape).</summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read the image.</exception>
    public async Task<string> GetRoisAsync(CatalogCaller caller, long imageId, CancellationToken cancellationToken = default)
    {
        await GetAsync(caller, new ObjectRef(CatalogObjectType.Image, imageId), cancellationToken).ConfigureAwait(false);
        var rows = await RowsAsync(
            $"""
            SELECT s.id, s.roi_id, s.kind, s.the_z, s.the_t, s.the_c, s.geometry, s.properties, o.name, o.owner_id
            FROM roi o JOIN shape s ON s.roi_id = o.id WHERE o.image_id = @imageId AND {caller.ReadPredicate("o")} ORDER BY o.id, s.id
            """, new { imageId }, cancellationToken).ConfigureAwait(false);
        var features = new JsonArray();
        foreach (var row in rows)
        {
            var properties = JsonNode.Parse(row.NullableText("properties") ?? "{}") as JsonObject ?? [];
            properties["roi"] = row.Long("roi_id");
            properties["shape"] = row.Text("kind");
            properties["owner"] = row.Long("owner_id");
            if (row.NullableText("name") is { } name)
            {
                properties["name"] = name;
            }

            foreach (var (column, key) in new[] { ("the_z", "theZ"), ("the_t", "theT"), ("the_c", "theC") })
            {
                if (row.NullableLong(column) is { } value)
                {
                    properties[key] = value;
                }
            }

            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = row.Long("id"),
                ["geometry"] = JsonNode.Parse(row.Text("geometry")),
                ["properties"] = properties,
            });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    private sealed record ParsedShape(string Kind, int? Z, int? T, int? C, JsonNode Geometry, JsonObject Properties);

    private static List<ParsedShape> ParseShapes(string geoJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(geoJson);
        }
        catch (JsonException e)
        {
            throw new CatalogException($"roi: not valid JSON: {e.Message}", e);
        }

        var features = (string?)root?["type"] switch
        {
            "Feature" => [root!],
            "FeatureCollection" => root!["features"] as JsonArray ?? throw new CatalogException("roi: a FeatureCollection needs a 'features' array"),
            var other => throw new CatalogException($"roi: GeoJSON type '{other}' is not a Feature or FeatureCollection"),
        };
        if (features.Count == 0)
        {
            throw new CatalogException("roi: no features (an ROI needs at least one shape)");
        }

        var shapes = new List<ParsedShape>();
        for (var i = 0; i < features.Count; i++)
        {
            var where = $"roi: feature {i + 1}";
            var feature = features[i] as JsonObject ?? throw new CatalogException($"{where}: not an object");
            var geometry = feature["geometry"] as JsonObject ?? throw new CatalogException($"{where}: no geometry");
            var properties = feature["properties"]?.DeepClone() as JsonObject ?? [];
            var type = (string?)geometry["type"];
            var coordinates = geometry["coordinates"] as JsonArray ?? throw new CatalogException($"{where}: geometry has no coordinates");
            var points = type switch
            {
                "Point" => [Position(coordinates, where)],
                "LineString" => coordinates.Select(c => Position(c as JsonArray, where)).ToList(),
                "Polygon" => (coordinates.FirstOrDefault() as JsonArray ?? throw new CatalogException($"{where}: a Polygon needs a ring")).Select(c => Position(c as JsonArray, where)).ToList(),
                _ => throw new CatalogException($"{where}: geometry type '{type}' is not supported (Point, LineString, Polygon)"),
            };
            var named = properties["shape"] is JsonValue v && v.TryGetValue<string>(out var s) ? s.ToLowerInvariant() : null;
            var kind = named ?? type switch
            {
                "Point" => "point",
                "LineString" => points.Count == 2 ? "line" : "polyline",
                _ => "polygon",
            };
            if (!ShapeNames.Contains(kind))
            {
                throw new CatalogException($"{where}: shape '{kind}' is not one of {string.Join(", ", ShapeNames)}");
            }

            var needed = kind switch { "point" => "Point", "line" or "polyline" => "LineString", _ => "Polygon" };
            if (type != needed)
            {
                throw new CatalogException($"{where}: shape {kind} needs a GeoJSON {needed} geometry, not {type}");
            }

            if ((kind == "line" && points.Count != 2) || (kind == "polyline" && points.Count < 2) || (type == "Polygon" && points.Count < 4))
            {
                throw new CatalogException($"{where}: shape {kind} cannot have {points.Count} point(s)");
            }

            properties.Remove("shape");
            shapes.Add(new ParsedShape(kind, Plane(properties, "theZ", where), Plane(properties, "theT", where), Plane(properties, "theC", where), geometry.DeepClone(), properties));
        }

        return shapes;
    }

    private static (double X, double Y) Position(JsonArray? position, string where)
    {
        if (position is not { Count: >= 2 } || position[0] is not JsonValue x || position[1] is not JsonValue y
            || !x.TryGetValue<double>(out var px) || !y.TryGetValue<double>(out var py) || !double.IsFinite(px) || !double.IsFinite(py))
        {
            throw new CatalogException($"{where}: a position must be [x, y] numbers");
        }

        return (px, py);
    }

    private static int? Plane(JsonObject properties, string key, string where)
    {
        if (properties[key] is not { } node)
        {
            return null;
        }

        properties.Remove(key);
        return node is JsonValue value && value.TryGetValue<int>(out var index) && index >= 0
            ? index
            : throw new CatalogException($"{where}: {key} must be a non-negative integer");
    }
}
