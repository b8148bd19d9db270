using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>Reads and writes the OME-NGFF metadata of one attributes document (a group's <c>.zattrs</c> or <c>zarr.json</c> attributes).</summary>
public static class NgffAttributes
{
    /// <summary>
    /// Reads the metadata, detecting the version newest first (an <c>ome</c> block with <c>ome.version</c>, else
    /// the top-level blocks' <c>version</c> fields, else 0.4), and reports every problem the specification and
    /// its schema define for a single document. Never throws on bad content.
    /// </summary>
    public static NgffReadResult Read(JsonObject attributes, NgffReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return NgffAttributeReader.Read(attributes, options ?? new NgffReadOptions());
    }

    /// <summary>
    /// Writes <paramref name="metadata"/> in the layout of <paramref name="version"/> into a copy of
    /// <paramref name="existing"/> (non-OME attributes are kept; OME blocks of any version are replaced).
    /// </summary>
    /// <exception cref="ArgumentException">The version cannot be written (before 0.4) or cannot hold the metadata.</exception>
    public static JsonObject Write(NgffMetadata metadata, NgffVersion version, JsonObject? existing = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return NgffAttributeWriter.Write(metadata, version, existing);
    }
}
