namespace Tessera.Interop.Tests.Cases;

/// <summary>The Zarr v2 cases, built deterministically so test discovery and the fixtures agree.</summary>
internal static class V2Catalog
{
    // Shapes that chunks do not divide, so every array has partial edge chunks.
    private static readonly (long[] Shape, int[] Chunks)[] Geometries =
    [
        ([23, 37], [8, 10]),
        ([5, 13, 11], [2, 5, 4]),
    ];

    /// <summary>Every compressor × dtype × order × separator, alternating 2-D and 3-D.</summary>
    public static IReadOnlyList<V2Case> Matrix { get; } = BuildMatrix();

    /// <summary>
    /// Non-zero fill values with chunks that were never written (and one chunk written only in part), one
    /// case per dtype.
    /// </summary>
    public static IReadOnlyList<V2Case> FillCases { get; } = BuildFillCases();

    private static List<V2Case> BuildMatrix()
    {
        var cases = new List<V2Case>();
        foreach (var compressor in V2Compressor.All)
        {
            for (var t = 0; t < NumpyType.All.Count; t++)
            {
                for (var o = 0; o < 2; o++)
                {
                    for (var s = 0; s < 2; s++)
                    {
                        var type = NumpyType.All[t];
                        var order = o == 0 ? 'C' : 'F';
                        var separator = s == 0 ? '.' : '/';
                        // Rank alternates so that each compressor and dtype meets both ranks.
                        var (shape, chunks) = Geometries[(t + o + s) % 2];
                        var name = $"{compressor.Name}_{type.Code}_{order}_{(separator == '.' ? "dot" : "slash")}";
                        cases.Add(new V2Case(name, type, shape, chunks, order, separator, compressor));
                    }
                }
            }
        }

        return cases;
    }

    private static List<V2Case> BuildFillCases()
    {
        double[] fills = [200, 65000, -7, -1.5, 2.25];
        string[] compressors = ["blosc-lz4-shuffle", "zstd", "gzip", "none", "blosc-zstd-bitshuffle"];
        // On the 23×37 array with 8×10 chunks: chunk row 0 (but column 0), chunk (2, 0), and a corner of
        // chunk (1, 0). Chunks (0, 0), (1, 1…3) and (2, 1…3) are never written.
        Box[] written =
        [
            new([0, 10], [8, 37]),
            new([16, 0], [23, 10]),
            new([8, 0], [12, 5]),
        ];
        var cases = new List<V2Case>();
        for (var t = 0; t < NumpyType.All.Count; t++)
        {
            var type = NumpyType.All[t];
            var order = t % 2 == 0 ? 'C' : 'F';
            var separator = t % 3 == 0 ? '/' : '.';
            var compressor = V2Compressor.All.Single(c => c.Name == compressors[t]);
            var name = $"fill_{type.Code}_{order}_{(separator == '.' ? "dot" : "slash")}_{compressor.Name}";
            cases.Add(new V2Case(name, type, [23, 37], [8, 10], order, separator, compressor, fills[t], written));
        }

        return cases;
    }
}
