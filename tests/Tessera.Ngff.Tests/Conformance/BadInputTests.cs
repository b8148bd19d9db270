using System.Text.Json.Nodes;

namespace Tessera.Ngff.Tests.Conformance;

/// <summary>Bad documents give validation errors naming the place, never exceptions.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("""{"ome": {"version": "9.9", "multiscales": []}}""", "$.ome.version", "unknown OME-NGFF version '9.9'")]
    [InlineData("""{"ome": {"multiscales": []}}""", "$.ome.version", "missing")]
    [InlineData("""{"ome": "0.5"}""", "$.ome", "must be an object, found a string")]
    [InlineData("""{"ome": {"version": "0.5", "multiscales": {"axes": []}}}""", "$.ome.multiscales", "must be an array, found an object")]
    [InlineData("""{"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": 7, "type": "space"}, {"name": "x", "type": "space"}], "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]}}""", "$.ome.multiscales[0].axes[0].name", "must be a string, found a number")]
    [InlineData("""{"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}], "datasets": [{"path": "../x", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]}}""", "$.ome.multiscales[0].datasets[0].path", "escape")]
    [InlineData("""{"ome": {"version": "0.5", "multiscales": [{"axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}], "datasets": [{"path": "/abs", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]}}""", "$.ome.multiscales[0].datasets[0].path", "relative path")]
    [InlineData("""{"ome": {"version": "0.5", "plate": {"rows": [{"name": "A"}], "columns": [{"name": "1"}], "wells": [{"path": "A/1", "rowIndex": "0", "columnIndex": 0}]}}}""", "$.ome.plate.wells[0].rowIndex", "must be an integer, found a string")]
    [InlineData("""{"ome": {"version": "0.5", "well": {}}}""", "$.ome.well.images", "missing")]
    [InlineData("""{"multiscales": [{"version": "0.5", "axes": [], "datasets": []}]}""", "$.ome", "lives under attributes.ome")]
    [InlineData("""{"somethingElse": 1}""", "$", "no OME-NGFF metadata")]
    public void A_bad_document_gives_an_error_with_its_path(string json, string path, string message)
    {
        var result = NgffAttributes.Read(JsonNode.Parse(json)!.AsObject());
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Severity == NgffSeverity.Error && p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_transformations_are_an_error_not_a_stack_overflow()
    {
        JsonNode transformation = new JsonObject { ["type"] = "identity" };
        for (var i = 0; i < 100; i++)
        {
            transformation = new JsonObject { ["type"] = "sequence", ["transformations"] = new JsonArray(transformation) };
        }

        var document = new JsonObject
        {
            ["ome"] = new JsonObject
            {
                ["version"] = "0.6rc0",
                ["scene"] = new JsonObject
                {
                    ["coordinateTransformations"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "bijection",
                        ["forward"] = transformation,
                        ["inverse"] = new JsonObject { ["type"] = "identity" },
                        ["input"] = new JsonObject { ["name"] = "a" },
                        ["output"] = new JsonObject { ["name"] = "b" },
                    }),
                },
            },
        };
        var result = NgffAttributes.Read(document);
        Assert.Contains(result.Problems, p => p.Message.Contains("nest too deeply", StringComparison.Ordinal));
    }
}
