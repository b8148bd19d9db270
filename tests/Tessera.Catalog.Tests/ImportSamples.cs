using Tessera.Ngff;

namespace Tessera.Catalog.Tests;

/// <summary>The samples the import tests share, written once: a 96-well × 4-field plate (0.4), a 48-well one (0.5) and 3-level images (0.5 and 0.4). Tests never modify them.</summary>
public sealed class ImportSamples : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();

    public string Plate => _directory.Combine("plate.ome.zarr");

    /// <summary>48 wells × 2 fields: for the tests that import a plate several times.</summary>
    public string SmallPlate => _directory.Combine("small plate.zarr");

    public string Image => _directory.Combine("cells.ome.zarr");

    public string ImageV04 => _directory.Combine("old cells.zarr");

    public async Task InitializeAsync()
    {
        await OmeZarrSamples.WritePlateAsync(Plate, NgffVersion.V0_4, name: "P1");
        await OmeZarrSamples.WritePlateAsync(SmallPlate, NgffVersion.V0_5, rows: 4, fields: 2, size: 32, name: "P2");
        await OmeZarrSamples.WriteImageAsync(Image, NgffVersion.V0_5);
        await OmeZarrSamples.WriteImageAsync(ImageV04, NgffVersion.V0_4, name: null);
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
