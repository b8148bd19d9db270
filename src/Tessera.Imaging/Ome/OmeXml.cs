using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Ome;

/// <summary>Reads OME-XML (schemas 2013-06 to 2016-06; elements are matched by local name, whatever the namespace).</summary>
public static class OmeXml
{
    /// <summary>Parses <paramref name="xml"/>, which came from <paramref name="file"/> (named in error messages).</summary>
    /// <exception cref="ImageFormatException">The text is not well-formed XML, is not OME-XML, or lacks a required attribute or element.</exception>
    public static OmeDocument Parse(string xml, string file)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(file);
        return new Reader(file).Read(xml);
    }

    private sealed class Reader(string file)
    {
        public OmeDocument Read(string xml)
        {
            var root = Load(xml).Root!;
            if (root.Name.LocalName != "OME")
            {
                throw Error($"the root element is <{root.Name.LocalName}>, not <OME>");
            }

            var images = Children(root, "Image").Select((e, i) => ReadImage(e, i)).ToList();
            var plates = Children(root, "Plate").Select((e, i) => ReadPlate(e, i, images)).ToList();
            var binaryOnly = Child(root, "BinaryOnly");
            return new OmeDocument(images, plates, Attribute(root, "UUID"), Attribute(root, "Creator"), xml)
            {
                MetadataFile = binaryOnly is null ? null : Attribute(binaryOnly, "MetadataFile"),
            };
        }

        private XDocument Load(string xml)
        {
            // No DTDs: OME-XML has none, and refusing them rules out entity expansion from untrusted files.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            try
            {
                // TIFF ImageDescription strings are NUL-terminated; some writers leave the NUL in the text.
                using var reader = XmlReader.Create(new StringReader(xml.TrimEnd('\0')), settings);
                return XDocument.Load(reader);
            }
            catch (XmlException e)
            {
                throw new ImageFormatException(file, $"OME-XML: malformed XML: {OneLine(e.Message)}", e);
            }
        }

        private OmeImage ReadImage(XElement element, int index)
        {
            var where = Where(element, "Image", index);
            var pixels = Child(element, "Pixels") ?? throw Error($"{where} has no Pixels element");
            return new OmeImage(
                Required(element, "ID", where),
                Attribute(element, "Name"),
                Child(element, "AcquisitionDate") is { } date ? ParseDate(date.Value.Trim(), $"{where} AcquisitionDate") : null,
                Child(element, "Description")?.Value,
                ReadPixels(pixels, $"Pixels of {where}"));
        }

        private OmePixels ReadPixels(XElement element, string fallbackWhere)
        {
            var id = Attribute(element, "ID");
            var where = id is null ? fallbackWhere : $"Pixels '{id}'";
            id ??= Required(element, "ID", where);

            var order = Required(element, "DimensionOrder", where);
            if (!OmePixels.DimensionOrders.Contains(order))
            {
                throw Error($"{where} has DimensionOrder '{order}', expected one of {string.Join(", ", OmePixels.DimensionOrders)}");
            }

            var type = Required(element, "Type", where);
            var (dataType, reason) = type switch
            {
                "int8" => (DataType.Int8, null),
                "int16" => (DataType.Int16, null),
                "int32" => (DataType.Int32, null),
                "uint8" => (DataType.UInt8, null),
                "uint16" => (DataType.UInt16, null),
                "uint32" => (DataType.UInt32, null),
                "float" => (DataType.Float32, null),
                "double" => (DataType.Float64, null),
                "bit" => ((DataType?)null, "1-bit pixels (Type bit) are not supported"),
                "complex" => (null, "complex pixels (Type complex) are not supported"),
                "double-complex" => (null, "complex pixels (Type double-complex) are not supported"),
                _ => throw Error($"{where} has Type '{type}', which is not an OME pixel type"),
            };

            var channels = Children(element, "Channel").Select((e, i) => ReadChannel(e, i, where)).ToList();
            var tiffData = Children(element, "TiffData").Select((e, i) => ReadTiffData(e, $"TiffData #{i} of {where}")).ToList();
            return new OmePixels(
                id,
                order,
                type,
                dataType,
                reason,
                RequiredInt(element, "SizeX", where, 1),
                RequiredInt(element, "SizeY", where, 1),
                RequiredInt(element, "SizeZ", where, 1),
                RequiredInt(element, "SizeC", where, 1),
                RequiredInt(element, "SizeT", where, 1),
                Quantity(element, "PhysicalSizeX", OmeUnits.Micrometer, where),
                Quantity(element, "PhysicalSizeY", OmeUnits.Micrometer, where),
                Quantity(element, "PhysicalSizeZ", OmeUnits.Micrometer, where),
                Quantity(element, "TimeIncrement", OmeUnits.Second, where),
                channels,
                tiffData,
                Boolean(element, "Interleaved", where),
                Boolean(element, "BigEndian", where));
        }

        private OmeChannel ReadChannel(XElement element, int index, string pixels)
        {
            var where = $"{Where(element, "Channel", index)} of {pixels}";
            var (color, alpha) = Attribute(element, "Color") is { } text ? ParseColor(text, where) : (null, (byte?)null);
            return new OmeChannel(
                Required(element, "ID", where),
                Attribute(element, "Name"),
                OptionalInt(element, "SamplesPerPixel", where, 1) ?? 1,
                color,
                alpha,
                Quantity(element, "EmissionWavelength", OmeUnits.Nanometer, where),
                Quantity(element, "ExcitationWavelength", OmeUnits.Nanometer, where),
                Attribute(element, "Fluor"));
        }

        private OmeTiffData ReadTiffData(XElement element, string where)
        {
            var uuid = Child(element, "UUID");
            var uuidText = uuid?.Value.Trim();
            return new OmeTiffData(
                OptionalInt(element, "IFD", where, 0),
                OptionalInt(element, "FirstZ", where, 0),
                OptionalInt(element, "FirstC", where, 0),
                OptionalInt(element, "FirstT", where, 0),
                OptionalInt(element, "PlaneCount", where, 0),
                uuid is null ? null : Attribute(uuid, "FileName"),
                string.IsNullOrEmpty(uuidText) ? null : uuidText);
        }

        private OmePlate ReadPlate(XElement element, int index, List<OmeImage> images)
        {
            var where = Where(element, "Plate", index);
            var id = Required(element, "ID", where);
            var wells = Children(element, "Well").Select((e, i) => ReadWell(e, i, where)).ToList();
            var samples = wells.SelectMany(w => w.Samples).ToList();
            var sampleIds = samples.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var acquisitionOf = new Dictionary<string, string>(StringComparer.Ordinal);
            var acquisitions = new List<OmePlateAcquisition>();
            foreach (var (acquisition, i) in Children(element, "PlateAcquisition").Select((e, i) => (e, i)))
            {
                var acquisitionWhere = $"{Where(acquisition, "PlateAcquisition", i)} of {where}";
                var acquisitionId = Required(acquisition, "ID", acquisitionWhere);
                acquisitions.Add(new OmePlateAcquisition(
                    acquisitionId,
                    Attribute(acquisition, "Name"),
                    OptionalInt(acquisition, "MaximumFieldCount", acquisitionWhere, 1),
                    Attribute(acquisition, "StartTime") is { } start ? ParseDate(start, $"{acquisitionWhere} StartTime") : null,
                    Attribute(acquisition, "EndTime") is { } end ? ParseDate(end, $"{acquisitionWhere} EndTime") : null));

                // The schema lists an acquisition's samples in the acquisition, not the acquisition in the sample.
                foreach (var reference in Children(acquisition, "WellSampleRef"))
                {
                    var sampleId = Required(reference, "ID", $"WellSampleRef of {acquisitionWhere}");
                    if (!sampleIds.Contains(sampleId))
                    {
                        throw Error($"{acquisitionWhere} refers to WellSample '{sampleId}', which no Well of the plate holds");
                    }

                    if (acquisitionOf.TryGetValue(sampleId, out var other) && other != acquisitionId)
                    {
                        throw Error($"WellSample '{sampleId}' of {where} is in two PlateAcquisitions, '{other}' and '{acquisitionId}'");
                    }

                    acquisitionOf[sampleId] = acquisitionId;
                }
            }

            var imageIds = images.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var sample in samples)
            {
                if (sample.ImageRef is { } image && !imageIds.Contains(image))
                {
                    throw Error($"WellSample '{sample.Id}' of {where} refers to Image '{image}', which the document does not hold");
                }
            }

            if (acquisitionOf.Count > 0)
            {
                wells = [.. wells.Select(w => w with
                {
                    Samples = [.. w.Samples.Select(s => s with { PlateAcquisitionRef = acquisitionOf.GetValueOrDefault(s.Id) })],
                })];
            }

            return new OmePlate(
                id,
                Attribute(element, "Name"),
                OptionalInt(element, "Rows", where, 1),
                OptionalInt(element, "Columns", where, 1),
                NamingConvention(element, "RowNamingConvention", where),
                NamingConvention(element, "ColumnNamingConvention", where),
                OptionalInt(element, "FieldIndex", where, 0),
                wells,
                acquisitions);
        }

        private OmeWell ReadWell(XElement element, int index, string plate)
        {
            var where = $"{Where(element, "Well", index)} of {plate}";
            var samples = Children(element, "WellSample").Select((e, i) =>
            {
                var sampleWhere = $"{Where(e, "WellSample", i)} of {where}";
                var imageRef = Child(e, "ImageRef");
                return new OmeWellSample(
                    Required(e, "ID", sampleWhere),
                    RequiredInt(e, "Index", sampleWhere, 0),
                    imageRef is null ? null : Required(imageRef, "ID", $"ImageRef of {sampleWhere}"),
                    Quantity(e, "PositionX", OmeUnits.ReferenceFrame, sampleWhere),
                    Quantity(e, "PositionY", OmeUnits.ReferenceFrame, sampleWhere),
                    null);
            }).ToList();
            return new OmeWell(
                Required(element, "ID", where),
                RequiredInt(element, "Row", where, 0),
                RequiredInt(element, "Column", where, 0),
                samples);
        }

        private string? NamingConvention(XElement element, string name, string where)
        {
            var value = Attribute(element, name);
            if (value is not null && !OmePlateNaming.IsKnown(value))
            {
                throw Error($"{where} has {name} '{value}', expected '{OmePlateNaming.Letter}' or '{OmePlateNaming.Number}'");
            }

            return value;
        }

        // OME colours are a signed 32-bit RGBA integer, red in the most significant byte; some writers write it unsigned.
        private (string Color, byte? Alpha) ParseColor(string text, string where)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < int.MinValue || value > uint.MaxValue)
            {
                throw Error($"{where} has Color '{text}', which is not a 32-bit RGBA integer");
            }

            var rgba = unchecked((uint)value);
            return ((rgba >> 8).ToString("X6", CultureInfo.InvariantCulture), (byte)(rgba & 0xFF));
        }

        private OmeQuantity? Quantity(XElement element, string name, string defaultUnit, string where)
        {
            var text = Attribute(element, name);
            if (text is null)
            {
                return null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw Error($"{where} has {name} '{text}', which is not a number");
            }

            var unit = Attribute(element, name + "Unit");
            return new OmeQuantity(value, string.IsNullOrWhiteSpace(unit) ? defaultUnit : unit);
        }

        private DateTimeOffset ParseDate(string text, string where) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value
                : throw Error($"{where} '{text}' is not a date and time");

        private bool? Boolean(XElement element, string name, string where) => Attribute(element, name) switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            var text => throw Error($"{where} has {name} '{text}', expected true or false"),
        };

        private int RequiredInt(XElement element, string name, string where, int minimum) =>
            OptionalInt(element, name, where, minimum) ?? throw Error($"{where} has no {name} attribute");

        private int? OptionalInt(XElement element, string name, string where, int minimum)
        {
            var text = Attribute(element, name);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum)
            {
                throw Error($"{where} has {name} '{text}', which is not {(minimum == 0 ? "a non-negative" : "a positive")} integer");
            }

            return value;
        }

        private string Required(XElement element, string name, string where) =>
            Attribute(element, name) ?? throw Error($"{where} has no {name} attribute");

        private static string? Attribute(XElement element, string name) => element.Attribute(name)?.Value;

        private static string Where(XElement element, string kind, int index) =>
            Attribute(element, "ID") is { } id ? $"{kind} '{id}'" : $"{kind} #{index}";

        private static IEnumerable<XElement> Children(XElement element, string localName) =>
            element.Elements().Where(e => e.Name.LocalName == localName);

        private static XElement? Child(XElement element, string localName) => Children(element, localName).FirstOrDefault();

        private static string OneLine(string text) => text.ReplaceLineEndings(" ");

        private ImageFormatException Error(string problem) => new(file, "OME-XML: " + problem);
    }
}
