using Tessera.Imaging.Ome;
using Tessera.Imaging.Tiff;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// An OME-TIFF: the OME-XML of its first IFD, and each OME Image as a <see cref="PixelSource"/> whose planes follow
/// the TiffData mapping (checked against the IFDs when opened). The images share one pool of libtiff handles.
/// </summary>
public sealed class OmeTiffFile : IDisposable
{
    private readonly TiffHandlePool _pool;

    private OmeTiffFile(TiffHandlePool pool, OmeDocument document)
    {
        _pool = pool;
        Document = document;
    }

    /// <summary>The parsed OME-XML (its text is <see cref="OmeDocument.Xml"/>).</summary>
    public OmeDocument Document { get; }

    /// <summary>The file.</summary>
    public string Path => _pool.Path;

    /// <summary>Opens <paramref name="path"/> as an OME-TIFF, or returns null when its first IFD holds no OME-XML (a plain TIFF).</summary>
    /// <exception cref="ImageFormatException">The file cannot be read, or its OME-XML is malformed.</exception>
    public static OmeTiffFile? TryOpen(string path)
    {
        var file = TiffFile.Open(path);
        try
        {
            var description = file.Directories[0].ImageDescription;
            if (description is null || !description.Contains("<OME", StringComparison.Ordinal))
            {
                file.Dispose();
                return null;
            }

            var document = OmeXml.Parse(description, path);
            if (document.MetadataFile is { } companion)
            {
                throw new ImageFormatException(path, $"the OME-XML is in a companion file ({companion}); convert that file's OME-TIFF set is not supported — convert a file that holds its own OME-XML");
            }

            if (document.Images.Count == 0)
            {
                throw new ImageFormatException(path, "the OME-XML describes no Image");
            }

            return new OmeTiffFile(new TiffHandlePool(file), document);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The pixels of image <paramref name="index"/> (in OME-XML order).</summary>
    /// <exception cref="ImageFormatException">The OME-XML disagrees with the IFDs, the pixel type is not supported, or planes are in other files.</exception>
    public PixelSource OpenImage(int index)
    {
        var image = Document.Images[index];
        var pixels = image.Pixels;
        if (pixels.DataType is not { } dataType)
        {
            throw new ImageFormatException(Path, $"image '{image.Id}': {pixels.UnsupportedTypeReason ?? $"pixel type {pixels.Type} is not supported"}");
        }

        var directories = _pool.Directories;
        var map = OmePlaneMap.Resolve(pixels, Path, directories.Count, Document.Uuid, ifd => new OmeIfdInfo(directories[ifd].Width, directories[ifd].Height, directories[ifd].DataType, directories[ifd].SamplesPerPixel));
        if (!map.IsSingleFile)
        {
            throw new ImageFormatException(Path, $"image '{image.Id}' has planes in other files ({string.Join(", ", map.OtherFiles.Take(3))}); multi-file OME-TIFF sets are not supported yet");
        }

        var first = directories[map[0, 0, 0].Ifd];
        var pages = new List<TiffDirectory>();
        for (var t = 0; t < pixels.SizeT; t++)
        {
            for (var c = 0; c < map.EffectiveSizeC; c++)
            {
                for (var z = 0; z < pixels.SizeZ; z++)
                {
                    pages.Add(directories[map[z, c, t].Ifd]);
                }
            }
        }

        return new TiffPixelSource(
            _pool,
            ownsPool: false,
            dataType,
            (pixels.SizeT, pixels.SizeC, pixels.SizeZ),
            (pixels.SizeY, pixels.SizeX),
            TiffPixelSource.BlockOf(first),
            pages,
            (t, c, z) =>
            {
                var (plane, sample) = map.Locate(z, c, t);
                return (directories[plane.Ifd], sample);
            });
    }

    /// <summary>What the OME-XML says about image <paramref name="index"/>: name, physical sizes with NGFF units, channel names and colours.</summary>
    public SourceMetadata Metadata(int index)
    {
        var image = Document.Images[index];
        var pixels = image.Pixels;
        var unit = pixels.PhysicalSizeX?.Unit ?? pixels.PhysicalSizeY?.Unit ?? pixels.PhysicalSizeZ?.Unit;
        var spaceUnit = unit is null ? null : OmeUnits.ToNgffSpaceUnit(unit);
        double? Size(OmeQuantity? quantity) => quantity is null ? null : Convert(quantity, unit!);
        var names = new List<string?>();
        var colors = new List<string?>();
        foreach (var channel in pixels.Channels)
        {
            if (channel.SamplesPerPixel == 1)
            {
                names.Add(channel.Name);
                colors.Add(channel.Color);
                continue;
            }

            string[] rgb = ["FF0000", "00FF00", "0000FF"];
            for (var s = 0; s < channel.SamplesPerPixel; s++)
            {
                names.Add(channel.Name is null ? null : $"{channel.Name} {(s < 3 ? "RGB"[s] : (char)('0' + s))}");
                colors.Add(s < 3 ? rgb[s] : "FFFFFF");
            }
        }

        return new SourceMetadata
        {
            Name = image.Name,
            PhysicalSizeX = Size(pixels.PhysicalSizeX),
            PhysicalSizeY = Size(pixels.PhysicalSizeY),
            PhysicalSizeZ = Size(pixels.PhysicalSizeZ),
            SpaceUnit = spaceUnit,
            TimeIncrement = pixels.TimeIncrement?.Value,
            TimeUnit = pixels.TimeIncrement is { } time ? OmeUnits.ToNgffTimeUnit(time.Unit) : null,
            ChannelNames = names,
            ChannelColors = colors,
        };
    }

    /// <summary>Releases the file handles.</summary>
    public void Dispose() => _pool.Dispose();

    /// <summary>A quantity in <paramref name="unit"/> (X's unit), converting between metric length units when Y or Z use another.</summary>
    private static double Convert(OmeQuantity quantity, string unit)
    {
        if (quantity.Unit == unit)
        {
            return quantity.Value;
        }

        return Metres(quantity.Unit) is { } from && Metres(unit) is { } to ? quantity.Value * from / to : quantity.Value;
    }

    private static double? Metres(string unit) => OmeUnits.ToNgffSpaceUnit(unit) switch
    {
        "meter" => 1,
        "centimeter" => 1e-2,
        "millimeter" => 1e-3,
        "micrometer" => 1e-6,
        "nanometer" => 1e-9,
        "angstrom" => 1e-10,
        "picometer" => 1e-12,
        _ => null,
    };
}
