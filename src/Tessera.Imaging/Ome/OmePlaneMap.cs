namespace Tessera.Imaging.Ome;

/// <summary>
/// Where each plane of an OME image is stored, resolved from its TiffData blocks by the OME-TIFF specification's
/// rules. Channels here are effective channels: an RGB channel is one plane (one IFD) of several samples, so
/// <see cref="EffectiveSizeC"/> can be smaller than <see cref="OmePixels.SizeC"/>, which counts samples.
/// </summary>
public sealed class OmePlaneMap
{
    private readonly OmePlaneLocation[] _planes;
    private readonly int[] _firstSample;

    private OmePlaneMap(OmePixels pixels, int[] channelSamples, OmePlaneLocation[] planes)
    {
        Pixels = pixels;
        ChannelSamples = channelSamples;
        _planes = planes;
        _firstSample = new int[channelSamples.Length + 1];
        for (var c = 0; c < channelSamples.Length; c++)
        {
            _firstSample[c + 1] = _firstSample[c] + channelSamples[c];
        }

        OtherFiles = [.. planes.Where(p => !p.InThisFile).Select(p => p.FileName ?? p.Uuid!).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The pixels the map is for.</summary>
    public OmePixels Pixels { get; }

    /// <summary>Samples per pixel of each effective channel (all 1 unless the image is RGB).</summary>
    public IReadOnlyList<int> ChannelSamples { get; }

    /// <summary>The number of effective channels: one plane (IFD) each per (z, t).</summary>
    public int EffectiveSizeC => ChannelSamples.Count;

    /// <summary>SizeZ × <see cref="EffectiveSizeC"/> × SizeT.</summary>
    public int PlaneCount => _planes.Length;

    /// <summary>
    /// The other files of a multi-file OME-TIFF that hold some planes (file names, or UUIDs where the OME-XML gives
    /// no name), in order of first use; empty when every plane is in this file.
    /// </summary>
    public IReadOnlyList<string> OtherFiles { get; }

    /// <summary>Whether every plane is in this file.</summary>
    public bool IsSingleFile => OtherFiles.Count == 0;

    /// <summary>Where plane (<paramref name="z"/>, effective channel <paramref name="c"/>, <paramref name="t"/>) is stored.</summary>
    public OmePlaneLocation this[int z, int c, int t] => _planes[PlaneIndex(z, c, t)];

    /// <summary>
    /// Where sample channel <paramref name="sampleChannel"/> (0 ≤ it &lt; <see cref="OmePixels.SizeC"/>, counting each sample of an
    /// RGB channel) of (<paramref name="z"/>, <paramref name="t"/>) is stored, and which sample of that IFD it is.
    /// </summary>
    public (OmePlaneLocation Plane, int Sample) Locate(int z, int sampleChannel, int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleChannel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sampleChannel, _firstSample[^1]);
        var c = Array.BinarySearch(_firstSample, sampleChannel);
        c = c >= 0 ? c : ~c - 1;
        return (this[z, c, t], sampleChannel - _firstSample[c]);
    }

    /// <summary>
    /// The 0-based number of plane (<paramref name="z"/>, <paramref name="c"/>, <paramref name="t"/>) in the
    /// pixels' dimension order, which is the order TiffData blocks count planes in.
    /// </summary>
    public int PlaneIndex(int z, int c, int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(z, Pixels.SizeZ);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, EffectiveSizeC);
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, Pixels.SizeT);
        return new Layout(Pixels, EffectiveSizeC).Index(z, c, t);
    }

    /// <summary>
    /// Resolves every plane of <paramref name="pixels"/> to an IFD of <paramref name="file"/> (which has
    /// <paramref name="ifdCount"/> IFDs) or of another file, and checks the OME-XML against the TIFF.
    /// </summary>
    /// <param name="pixels">The image's pixels.</param>
    /// <param name="file">The OME-TIFF the OME-XML came from: named in messages, and its file name is compared with TiffData file names.</param>
    /// <param name="ifdCount">The number of (top-level) IFDs in <paramref name="file"/>.</param>
    /// <param name="fileUuid">The file's own UUID (the OME element's UUID attribute), compared with TiffData UUIDs.</param>
    /// <param name="ifdInfo">What each IFD of <paramref name="file"/> holds, to check sizes, type and samples against; null skips those checks.</param>
    /// <exception cref="ImageFormatException">
    /// A plane maps to an IFD the file does not have, some plane is in no TiffData block, a block starts or runs
    /// past the image, the channels disagree with SizeC, or an IFD disagrees with SizeX, SizeY, Type or SamplesPerPixel.
    /// </exception>
    public static OmePlaneMap Resolve(OmePixels pixels, string file, int ifdCount, string? fileUuid = null, Func<int, OmeIfdInfo>? ifdInfo = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(ifdCount);

        var infos = new Dictionary<int, OmeIfdInfo>();
        OmeIfdInfo? Info(int ifd)
        {
            if (ifdInfo is null)
            {
                return null;
            }

            if (!infos.TryGetValue(ifd, out var info))
            {
                infos[ifd] = info = ifdInfo(ifd);
            }

            return info;
        }

        var where = $"Pixels '{pixels.Id}'";
        var samples = ResolveChannelSamples(pixels, file, ifdCount, fileUuid, Info);
        var layout = new Layout(pixels, samples.Length);
        var total = (long)pixels.SizeZ * samples.Length * pixels.SizeT;
        if (total > Array.MaxLength)
        {
            throw new ImageFormatException(file, $"OME-XML: {where} has {total} planes, more than can be indexed");
        }

        var planes = new OmePlaneLocation?[total];
        if (pixels.TiffData.Count == 0)
        {
            // No TiffData: the planes are the file's IFDs in dimension order, as if one empty TiffData were given.
            for (var i = 0; i < planes.Length; i++)
            {
                planes[i] = InThisFile(layout, i, i, ifdCount, file, where);
            }
        }

        for (var k = 0; k < pixels.TiffData.Count; k++)
        {
            var block = pixels.TiffData[k];
            var blockWhere = $"TiffData #{k} of {where}";
            var (z, c, t) = (block.FirstZ ?? 0, block.FirstC ?? 0, block.FirstT ?? 0);
            CheckFirst(file, blockWhere, "FirstZ", z, "SizeZ", pixels.SizeZ);
            CheckFirst(file, blockWhere, "FirstC", c, samples.Length == pixels.SizeC ? "SizeC" : "the effective channel count", samples.Length);
            CheckFirst(file, blockWhere, "FirstT", t, "SizeT", pixels.SizeT);

            var start = layout.Index(z, c, t);
            var remaining = planes.Length - start;
            var thisFile = IsThisFile(block, file, fileUuid);
            var firstIfd = block.Ifd ?? 0;
            int count;
            if (block.PlaneCount is { } explicitCount)
            {
                if (explicitCount > remaining)
                {
                    throw new ImageFormatException(file, $"OME-XML: {blockWhere} has PlaneCount {explicitCount} from plane {start} (z {z}, c {c}, t {t}), but the image has {planes.Length} planes");
                }

                count = explicitCount;
            }
            else if (block.Ifd is not null)
            {
                count = 1;
            }
            else
            {
                // "The number of IFDs in the TIFF file", capped at the planes left: a file may hold other images' IFDs too.
                count = thisFile ? Math.Min(ifdCount, remaining) : remaining;
            }

            for (var j = 0; j < count; j++)
            {
                // Later blocks win where blocks overlap, as in Bio-Formats.
                planes[start + j] = thisFile
                    ? InThisFile(layout, start + j, firstIfd + j, ifdCount, file, where)
                    : new OmePlaneLocation(block.FileName, block.Uuid, firstIfd + j);
            }
        }

        var missing = Array.FindIndex(planes, p => p is null);
        if (missing >= 0)
        {
            var (z, c, t) = layout.Position(missing);
            throw new ImageFormatException(file, $"OME-XML: {planes.Count(p => p is null)} of the {planes.Length} planes of {where} are in no TiffData, the first being plane {missing} (z {z}, c {c}, t {t})");
        }

        var map = new OmePlaneMap(pixels, samples, planes!);
        if (ifdInfo is not null)
        {
            Check(map, layout, file, Info);
        }

        return map;
    }

    private static int[] ResolveChannelSamples(OmePixels pixels, string file, int ifdCount, string? fileUuid, Func<int, OmeIfdInfo?> info)
    {
        if (pixels.Channels.Count > 0)
        {
            var total = pixels.Channels.Sum(c => (long)c.SamplesPerPixel);
            if (total != pixels.SizeC)
            {
                throw new ImageFormatException(file, $"OME-XML: Pixels '{pixels.Id}' has {pixels.Channels.Count} Channel elements with {total} samples in all, but SizeC is {pixels.SizeC}");
            }

            return [.. pixels.Channels.Select(c => c.SamplesPerPixel)];
        }

        // Without Channel elements only the TIFF can tell an RGB image (one IFD of 3 samples) from 3 grey channels.
        var block = pixels.TiffData.Count == 0 ? null : pixels.TiffData[0];
        var first = block is null ? 0 : IsThisFile(block, file, fileUuid) ? block.Ifd ?? 0 : -1;
        var samples = first >= 0 && first < ifdCount ? info(first)?.Samples ?? 1 : 1;
        return samples > 1 && pixels.SizeC % samples == 0
            ? [.. Enumerable.Repeat(samples, pixels.SizeC / samples)]
            : [.. Enumerable.Repeat(1, pixels.SizeC)];
    }

    private static void Check(OmePlaneMap map, Layout layout, string file, Func<int, OmeIfdInfo?> info)
    {
        var pixels = map.Pixels;
        var checkedIfds = new HashSet<int>();
        for (var i = 0; i < map._planes.Length; i++)
        {
            var plane = map._planes[i];
            if (!plane.InThisFile || !checkedIfds.Add(plane.Ifd))
            {
                continue;
            }

            var ifd = info(plane.Ifd)!;
            if (ifd.Width != pixels.SizeX || ifd.Height != pixels.SizeY)
            {
                throw new ImageFormatException(file, $"OME-TIFF: IFD {plane.Ifd} is {ifd.Width} × {ifd.Height} pixels, but Pixels '{pixels.Id}' has SizeX {pixels.SizeX} and SizeY {pixels.SizeY}");
            }

            if (ifd.Type is { } type && pixels.DataType is { } expected && type != expected)
            {
                throw new ImageFormatException(file, $"OME-TIFF: IFD {plane.Ifd} holds {type.Name} samples, but Pixels '{pixels.Id}' has Type {pixels.Type}");
            }

            var c = layout.Position(i).C;
            if (ifd.Samples != map.ChannelSamples[c])
            {
                throw new ImageFormatException(file, $"OME-TIFF: IFD {plane.Ifd} has {ifd.Samples} samples per pixel, but channel {c} of Pixels '{pixels.Id}' has {map.ChannelSamples[c]}");
            }
        }
    }

    private static OmePlaneLocation InThisFile(Layout layout, int plane, int ifd, int ifdCount, string file, string where)
    {
        if (ifd >= ifdCount)
        {
            var (z, c, t) = layout.Position(plane);
            throw new ImageFormatException(file, $"OME-TIFF: plane {plane} (z {z}, c {c}, t {t}) of {where} is in IFD {ifd}, but the file has {ifdCount} IFDs");
        }

        return new OmePlaneLocation(null, null, ifd);
    }

    private static void CheckFirst(string file, string where, string name, int value, string sizeName, int size)
    {
        if (value >= size)
        {
            throw new ImageFormatException(file, $"OME-XML: {where} has {name} {value}, but {sizeName} is {size}");
        }
    }

    private static bool IsThisFile(OmeTiffData block, string file, string? fileUuid)
    {
        if (block.Uuid is not null && fileUuid is not null)
        {
            return string.Equals(BareUuid(block.Uuid), BareUuid(fileUuid), StringComparison.OrdinalIgnoreCase);
        }

        // With no UUID to compare, a UUID element naming no file (or this file) is taken to point at itself, which the schema allows.
        return block.FileName is null || block.FileName == Path.GetFileName(file);
    }

    private static string BareUuid(string uuid) =>
        uuid.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) ? uuid["urn:uuid:".Length..] : uuid;

    // Plane numbering in dimension order: the letters after "XY" go from fastest to slowest.
    private readonly struct Layout(OmePixels pixels, int sizeC)
    {
        private readonly string _order = pixels.DimensionOrder;
        private readonly int _sizeZ = pixels.SizeZ;
        private readonly int _sizeC = sizeC;
        private readonly int _sizeT = pixels.SizeT;

        public int Index(int z, int c, int t)
        {
            var index = 0;
            for (var i = 4; i >= 2; i--)
            {
                var (position, size) = Axis(_order[i], z, c, t);
                index = (index * size) + position;
            }

            return index;
        }

        public (int Z, int C, int T) Position(int index)
        {
            int z = 0, c = 0, t = 0;
            for (var i = 2; i <= 4; i++)
            {
                var size = Axis(_order[i], 0, 0, 0).Size;
                var position = index % size;
                index /= size;
                switch (_order[i])
                {
                    case 'Z': z = position; break;
                    case 'C': c = position; break;
                    default: t = position; break;
                }
            }

            return (z, c, t);
        }

        private (int Position, int Size) Axis(char axis, int z, int c, int t) => axis switch
        {
            'Z' => (z, _sizeZ),
            'C' => (c, _sizeC),
            _ => (t, _sizeT),
        };
    }
}
