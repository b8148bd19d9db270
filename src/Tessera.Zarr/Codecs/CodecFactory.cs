using System.Text.Json.Nodes;

namespace Tessera.Zarr.Codecs;

/// <summary>Creates a codec from its Zarr v3 configuration (null when absent) and the array rank, when known.</summary>
public delegate Codec CodecFactory(JsonObject? configuration, string jsonPath, int? rank);
