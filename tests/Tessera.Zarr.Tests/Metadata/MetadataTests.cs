using System.Text;
using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Tests.Metadata;

public sealed class MetadataTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static string V3Array(string fillValue = "0", string dataType = "\"uint16\"", string extra = "") => $$$"""
        {"zarr_format": 3, "node_type": "array", "shape": [10, 20], "data_type": {{{dataType}}},
         "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [5, 5]}},
         "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
         "fill_value": {{{fillValue}}}, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]{{{extra}}}}
        """;

    private static string V2Array(string dtype = "<u2", string fill = "0", string extra = "") => $$$"""
        {"zarr_format": 2, "shape": [10, 20], "chunks": [5, 5], "dtype": "{{{dtype}}}", "compressor": null,
         "fill_value": {{{fill}}}, "order": "C", "filters": null{{{extra}}}}
        """;

    [ConformanceFact]
    public void The_zarrs_example_metadata_documents_parse()
    {
        var array = ArrayMetadata.ParseV3(Json(File.ReadAllText(ConformanceData.PathOf("zarrs", "array_metadata.json"))), "array_metadata.json");
        Assert.Equal([10000L, 1000L], array.Shape.ToArray());
        Assert.Equal([1000, 100], array.ChunkShape.ToArray());
        Assert.Equal(DataType.Float64, array.DataType);
        Assert.True(double.IsNaN(BitConverter.ToDouble(array.FillValue.Bytes)));
        Assert.Equal(["bytes", "gzip"], array.Codecs.Select(c => c.Name));
        Assert.Equal("rows,columns", string.Join(",", array.DimensionNames!.Value));
        Assert.Equal(42, array.Attributes["foo"]!.GetValue<int>());
        var group = GroupMetadata.ParseV3(Json(File.ReadAllText(ConformanceData.PathOf("zarrs", "group_metadata.json"))), "group_metadata.json");
        Assert.Equal("ham", group.Attributes["spam"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"NaN\"", "float32", 0x7FC00000u)]
    [InlineData("\"Infinity\"", "float32", 0x7F800000u)]
    [InlineData("\"-Infinity\"", "float32", 0xFF800000u)]
    [InlineData("\"0x7fc00001\"", "float32", 0x7FC00001u)]
    [InlineData("\"0x7f800001\"", "float32", 0x7F800001u)]
    [InlineData("\"0xffc00000\"", "float32", 0xFFC00000u)]
    [InlineData("\"0x7c01\"", "float16", 0x7C01u)]
    [InlineData("-0.0", "float32", 0x80000000u)]
    [InlineData("1.5", "float32", 0x3FC00000u)]
    [InlineData("\"NaN\"", "float16", 0x7E00u)]
    [InlineData("65504", "float16", 0x7BFFu)]
    [InlineData("4294967295", "uint32", 0xFFFFFFFFu)]
    [InlineData("-2147483648", "int32", 0x80000000u)]
    [InlineData("true", "bool", 1u)]
    [InlineData("false", "bool", 0u)]
    [InlineData("7.0", "uint8", 7u)]
    public void Fill_values_parse_to_their_bit_patterns(string json, string dataType, uint bits)
    {
        var type = DataType.FromName(dataType)!;
        var fill = FillValue.Parse(JsonNode.Parse(json), type, ZarrFormat.V3);
        var actual = type.Size switch
        {
            1 => fill.Bytes[0],
            2 => BitConverter.ToUInt16(fill.Bytes),
            _ => BitConverter.ToUInt32(fill.Bytes),
        };
        Assert.Equal(bits, actual);
    }

    [Fact]
    public void Sixty_four_bit_fill_values_keep_every_bit()
    {
        Assert.Equal(ulong.MaxValue, BitConverter.ToUInt64(FillValue.Parse(JsonNode.Parse("18446744073709551615"), DataType.UInt64, ZarrFormat.V3).Bytes));
        Assert.Equal(long.MinValue, BitConverter.ToInt64(FillValue.Parse(JsonNode.Parse("-9223372036854775808"), DataType.Int64, ZarrFormat.V3).Bytes));
        Assert.Equal(0x7FF8000000000001ul, BitConverter.ToUInt64(FillValue.Parse(JsonNode.Parse("\"0x7ff8000000000001\""), DataType.Float64, ZarrFormat.V3).Bytes));
        var complex = FillValue.Parse(JsonNode.Parse("[1.0, \"NaN\"]"), DataType.Complex128, ZarrFormat.V3);
        Assert.Equal(1.0, BitConverter.ToDouble(complex.Bytes));
        Assert.True(double.IsNaN(BitConverter.ToDouble(complex.Bytes[8..])));
    }

    [Theory]
    [InlineData("256", "uint8")]
    [InlineData("-1", "uint16")]
    [InlineData("-129", "int8")]
    [InlineData("1.5", "int32")]
    [InlineData("\"banana\"", "float32")]
    [InlineData("\"NaN\"", "int32")]
    [InlineData("2", "bool")]
    [InlineData("[1, 2]", "float64")]
    [InlineData("null", "float32")]
    [InlineData("1e40", "float32")]
    [InlineData("65520", "float16")]
    [InlineData("\"0x1ffff\"", "float16")]
    public void Invalid_fill_values_name_the_member(string json, string dataType)
    {
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => FillValue.Parse(JsonNode.Parse(json), DataType.FromName(dataType)!, ZarrFormat.V3));
        Assert.Equal("$.fill_value", error.JsonPath);
    }

    [Theory]
    [InlineData("\"0x7f800001\"", "float32")]
    [InlineData("\"0x7c01\"", "float16")]
    [InlineData("\"0xfff8000000000001\"", "float64")]
    public void Nan_payloads_survive_a_round_trip_through_metadata(string json, string dataType)
    {
        var type = DataType.FromName(dataType)!;
        var fill = FillValue.Parse(JsonNode.Parse(json), type, ZarrFormat.V3);
        Assert.Equal(json, fill.ToJson(ZarrFormat.V3)!.ToJsonString());
        Assert.Equal(fill.Bytes.ToArray(), FillValue.Parse(fill.ToJson(ZarrFormat.V3), type, ZarrFormat.V3).Bytes.ToArray());
    }

    [Fact]
    public void Fill_values_write_back_as_the_spec_spells_them()
    {
        Assert.Equal("\"NaN\"", FillValue.Parse(JsonNode.Parse("\"NaN\""), DataType.Float64, ZarrFormat.V3).ToJson(ZarrFormat.V3)!.ToJsonString());
        Assert.Equal("\"-Infinity\"", FillValue.Parse(JsonNode.Parse("\"-Infinity\""), DataType.Float32, ZarrFormat.V3).ToJson(ZarrFormat.V2)!.ToJsonString());
        Assert.Equal("0.1", FillValue.Parse(JsonNode.Parse("0.1"), DataType.Float32, ZarrFormat.V3).ToJson(ZarrFormat.V3)!.ToJsonString());
        Assert.Null(FillValue.Parse(null, DataType.Int32, ZarrFormat.V2).ToJson(ZarrFormat.V2));
        Assert.True(FillValue.Parse(null, DataType.Int32, ZarrFormat.V2).IsZero);
    }

    [Theory]
    [InlineData("|b1", "bool", null)]
    [InlineData("|u1", "uint8", null)]
    [InlineData("|i1", "int8", null)]
    [InlineData("<u2", "uint16", Endianness.Little)]
    [InlineData(">i4", "int32", Endianness.Big)]
    [InlineData("<u8", "uint64", Endianness.Little)]
    [InlineData("<f2", "float16", Endianness.Little)]
    [InlineData(">f8", "float64", Endianness.Big)]
    [InlineData("<c16", "complex128", Endianness.Little)]
    public void Zarr_v2_type_strings_parse_and_print(string text, string name, Endianness? endianness)
    {
        var (type, order) = DataType.ParseV2(text);
        Assert.Equal(name, type.Name);
        Assert.Equal(endianness, order);
        Assert.Equal(text, type.ToV2(order ?? Endianness.Little));
    }

    [Fact]
    public void Zarr_v2_datetime_types_carry_their_unit()
    {
        var (type, _) = DataType.ParseV2("<M8[10ms]");
        Assert.Equal(DataTypeKind.DateTime, type.Kind);
        Assert.Equal("ms", type.Unit);
        Assert.Equal(10, type.ScaleFactor);
        Assert.Equal("<M8[10ms]", type.ToV2(Endianness.Little));
        Assert.True(type.IsCompatibleWith<long>());
    }

    [Theory]
    [InlineData("|O")]
    [InlineData("<U4")]
    [InlineData("|S5")]
    [InlineData("|V8")]
    [InlineData("<u3")]
    [InlineData("u2")]
    public void Zarr_v2_types_without_support_are_named(string text)
    {
        var error = Assert.Throws<ZarrUnsupportedException>(() => DataType.ParseV2(text));
        Assert.Equal("data type", error.Feature);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void A_v2_array_with_order_F_and_slash_separator_maps_onto_codecs_and_back()
    {
        var metadata = ArrayMetadata.ParseV2(Json(V2Array(">f4", "\"NaN\"", ", \"dimension_separator\": \"/\"").Replace("\"order\": \"C\"", "\"order\": \"F\"")), Json("{\"a\": 1}"), ".zarray");
        Assert.Equal(ZarrFormat.V2, metadata.ZarrFormat);
        var transpose = Assert.IsType<TransposeCodec>(metadata.Codecs[0]);
        Assert.Equal([1, 0], transpose.Order.ToArray());
        Assert.Equal(Endianness.Big, Assert.IsType<BytesCodec>(metadata.Codecs[1]).Endian);
        Assert.Equal(ChunkKeyEncoding.V2Slash, metadata.ChunkKeyEncoding);
        Assert.Equal(1, metadata.Attributes["a"]!.GetValue<int>());
        var written = metadata.ToV2Json();
        Assert.Equal("F", written["order"]!.GetValue<string>());
        Assert.Equal(">f4", written["dtype"]!.GetValue<string>());
        Assert.Equal("/", written["dimension_separator"]!.GetValue<string>());
        Assert.Equal("\"NaN\"", written["fill_value"]!.ToJsonString());
        Assert.Equal(written.ToJsonString(), ArrayMetadata.ParseV2(written, null, ".zarray").ToV2Json().ToJsonString());
    }

    [Fact]
    public void V2_compressor_and_filters_become_bytes_to_bytes_codecs_in_order()
    {
        var metadata = ArrayMetadata.ParseV2(Json(V2Array().Replace("\"compressor\": null", "\"compressor\": {\"id\": \"blosc\", \"cname\": \"zstd\", \"clevel\": 3, \"shuffle\": -1}").Replace("\"filters\": null", "\"filters\": [{\"id\": \"crc32\"}]")), null, ".zarray");
        Assert.Equal(["bytes", "numcodecs.crc32", "blosc"], metadata.Codecs.Select(c => c.Name));
        var blosc = Assert.IsType<BloscCodec>(metadata.Codecs[2]);
        Assert.Equal(BloscShuffle.Shuffle, blosc.Shuffle); // auto shuffle on a 2-byte type is byte shuffle
        Assert.Equal(2, blosc.TypeSize);
        var written = metadata.ToV2Json();
        Assert.Equal("crc32", written["filters"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("blosc", written["compressor"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void V3_metadata_round_trips_through_json()
    {
        var metadata = ArrayMetadata.ParseV3(Json(V3Array("\"NaN\"", "\"float32\"", ", \"dimension_names\": [\"y\", null], \"attributes\": {\"µ\": \"ünï\"}")), "zarr.json");
        var again = ArrayMetadata.ParseV3(Json(Encoding.UTF8.GetString(MetadataDocument.Serialize(metadata.ToV3Json()))), "zarr.json");
        Assert.Equal(metadata.ToV3Json().ToJsonString(), again.ToV3Json().ToJsonString());
        Assert.Equal("y,<null>", string.Join(",", again.DimensionNames!.Value.Select(n => n ?? "<null>")));
        Assert.Equal("ünï", again.Attributes["µ"]!.GetValue<string>());
        Assert.Contains("\"µ\": \"ünï\"", Encoding.UTF8.GetString(MetadataDocument.Serialize(metadata.ToV3Json())));
    }

    [Fact]
    public void Extensions_that_need_not_be_understood_are_ignored_and_others_are_refused()
    {
        var ignored = ArrayMetadata.ParseV3(Json(V3Array(extra: ", \"my_extension\": {\"must_understand\": false, \"x\": 1}")), "zarr.json");
        Assert.Equal(DataType.UInt16, ignored.DataType);
        var error = Assert.Throws<ZarrUnsupportedException>(() => ArrayMetadata.ParseV3(Json(V3Array(extra: ", \"my_extension\": {\"x\": 1}")), "a/zarr.json"));
        Assert.Equal("unsupported extension 'my_extension' in a/zarr.json at $.my_extension", error.Message);
        var transformer = Assert.Throws<ZarrUnsupportedException>(() => ArrayMetadata.ParseV3(Json(V3Array(extra: ", \"storage_transformers\": [{\"name\": \"sharding\"}]")), "zarr.json"));
        Assert.Contains("storage transformer 'sharding'", transformer.Message);
        Assert.NotNull(ArrayMetadata.ParseV3(Json(V3Array(extra: ", \"storage_transformers\": []")), "zarr.json"));
    }

    [Theory]
    [InlineData("\"shape\": [10, 20]", "\"shape\": [10, -1]", "$.shape[1]")]
    [InlineData("\"shape\": [10, 20]", "\"shape\": \"big\"", "$.shape")]
    [InlineData("\"chunk_shape\": [5, 5]", "\"chunk_shape\": [5, 0]", "$.chunk_grid.configuration.chunk_shape[1]")]
    [InlineData("\"chunk_shape\": [5, 5]", "\"chunk_shape\": [5]", "$.chunk_grid")]
    [InlineData("\"name\": \"regular\"", "\"name\": \"rectangular\"", "$.chunk_grid.name")]
    [InlineData("\"data_type\": \"uint16\"", "\"data_type\": \"uint17\"", "$.data_type")]
    [InlineData("\"zarr_format\": 3", "\"zarr_format\": 4", "$.zarr_format")]
    [InlineData("\"node_type\": \"array\"", "\"node_type\": \"table\"", "$.node_type")]
    [InlineData("\"separator\": \"/\"", "\"separator\": \"-\"", "$.chunk_key_encoding.configuration.separator")]
    [InlineData("\"codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]", "\"codecs\": 7", "$.codecs")]
    public void Invalid_v3_members_are_reported_with_key_and_json_path(string find, string replace, string jsonPath)
    {
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => ArrayMetadata.ParseV3(Json(V3Array().Replace(find, replace)), "img/zarr.json"));
        Assert.Equal("img/zarr.json", error.Key);
        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains("img/zarr.json", error.Message);
    }

    [Fact]
    public void Dimension_names_must_match_the_rank()
    {
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => ArrayMetadata.ParseV3(Json(V3Array(extra: ", \"dimension_names\": [\"x\"]")), "zarr.json"));
        Assert.Equal("$.dimension_names", error.JsonPath);
    }

    [Theory]
    [InlineData("{\"zarr_format\": 3,", "line 1")]
    [InlineData("", "invalid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"a\": 1}\n}", "invalid JSON at line 2")]
    public void Documents_that_are_not_json_objects_name_the_key(string text, string expected)
    {
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => MetadataDocument.ParseObject(Encoding.UTF8.GetBytes(text), "x/zarr.json"));
        Assert.Equal("x/zarr.json", error.Key);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Duplicate_members_are_invalid_metadata()
    {
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => MetadataDocument.ParseObject("{\"node_type\": \"array\", \"node_type\": \"group\"}"u8, "a/zarr.json"));
        Assert.Equal("a/zarr.json", error.Key);
        Assert.Contains("invalid JSON", error.Message);
    }

    [Fact]
    public void Bare_nan_and_infinity_from_python_json_read_as_strings()
    {
        // zarr-python 2 writes .zattrs with Python's json module: {"min": NaN, "max": Infinity}.
        var json = MetadataDocument.ParseObject("{\"min\": NaN, \"max\": Infinity, \"low\": -Infinity, \"text\": \"NaN and \\\"Infinity\\\"\"}"u8, ".zattrs");
        Assert.Equal("NaN", json["min"]!.GetValue<string>());
        Assert.Equal("Infinity", json["max"]!.GetValue<string>());
        Assert.Equal("-Infinity", json["low"]!.GetValue<string>());
        Assert.Equal("NaN and \"Infinity\"", json["text"]!.GetValue<string>());
        Assert.ThrowsAny<ZarrMetadataException>(() => MetadataDocument.ParseObject("{\"x\": NaNa}"u8, ".zattrs"));
    }

    [Fact]
    public void A_malformed_consolidated_metadata_member_is_ignored()
    {
        var json = Json("{\"zarr_format\": 3, \"node_type\": \"group\", \"consolidated_metadata\": 5}");
        Assert.Null(ConsolidatedMetadata.ParseV3(json));
        Assert.Null(ConsolidatedMetadata.ParseV3(Json("{\"consolidated_metadata\": {\"metadata\": [1]}}")));
    }

    [Fact]
    public void Chunk_shapes_whose_size_cannot_be_addressed_are_invalid_metadata()
    {
        var huge = V3Array().Replace("\"chunk_shape\": [5, 5]", "\"chunk_shape\": [2147483647, 2147483647, 2147483647]").Replace("\"shape\": [10, 20]", "\"shape\": [1, 1, 1]");
        var error = Assert.ThrowsAny<ZarrMetadataException>(() => ArrayMetadata.ParseV3(Json(huge), "zarr.json"));
        Assert.Equal("$.chunk_grid", error.JsonPath);
    }

    [Theory]
    [InlineData(new long[] { 1, 22 }, "default", '/', "c/1/22")]
    [InlineData(new long[] { 1, 22 }, "default", '.', "c.1.22")]
    [InlineData(new long[] { 1, 22 }, "v2", '.', "1.22")]
    [InlineData(new long[] { 1, 22 }, "v2", '/', "1/22")]
    [InlineData(new long[0], "default", '/', "c")]
    [InlineData(new long[0], "v2", '.', "0")]
    public void Chunk_keys_follow_the_encoding(long[] coordinates, string name, char separator, string key)
    {
        Assert.Equal(key, ChunkKeyEncoding.Create(name, separator).Encode(coordinates));
    }
}
