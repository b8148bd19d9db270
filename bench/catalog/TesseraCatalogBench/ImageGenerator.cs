using System.Globalization;
using Tessera.Catalog;
using Tessera.Catalog.Bulk;

namespace Tessera.Bench.Catalog;

/// <summary>
/// The images to load, from a fixed seed: exactly 10 key/value pairs each (Organism, Imaging Method, Study Type, Cell
/// Line, Gene Symbol, Gene Identifier, siRNA Identifier, Phenotype, Channels or a second Gene Symbol, Comment),
/// with a little of real data's mess (keys and values in other cases).
/// </summary>
public static class ImageGenerator
{
    public const int PairsPerImage = 10;

    private static readonly ChannelInfo[] ChannelSet =
    [
        new("DAPI", "0000FF", 100, 3000), new("GFP", "00FF00", 200, 4000), new("Cy3", "FF0000", 150, 3500), new("Cy5", "FF00FF", 120, 2500),
    ];

    public static IEnumerable<BulkImage> Generate(BenchWorld world, Vocabulary words, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var g = world.Groups.Next(random);
            var owner = world.Members[g][random.Next(world.Members[g].Length)];
            var gene = words.Gene.Next(random);
            var plate = i / 384;
            var well = $"{(char)('A' + (i % 384 / 24))}{i % 24 + 1:D2}";
            var field = random.Next(1, 10);
            var channels = random.Next(1, 5);
            var pairs = new KeyValuePair<string, string>[PairsPerImage];
            pairs[0] = new(random.Next(100) == 0 ? "organism" : "Organism", Vocabulary.Organisms[words.Organism.Next(random)]);
            pairs[1] = new("Imaging Method", Vocabulary.ImagingMethods[words.ImagingMethod.Next(random)]);
            pairs[2] = new("Study Type", Vocabulary.StudyTypes[words.StudyType.Next(random)]);
            pairs[3] = new("Cell Line", words.CellLines[words.CellLine.Next(random)]);
            pairs[4] = new("Gene Symbol", random.Next(100) == 0 ? words.Genes[gene].ToLowerInvariant() : words.Genes[gene]);
            pairs[5] = new("Gene Identifier", words.GeneIdentifiers[gene]);
            pairs[6] = new("siRNA Identifier", "s" + (10_000 + (gene * 3) + random.Next(3)).ToString(CultureInfo.InvariantCulture));
            pairs[7] = new("Phenotype", words.Phenotypes[words.Phenotype.Next(random)]);
            pairs[8] = random.Next(100) < 8
                ? new("Gene Symbol", words.Genes[words.Gene.Next(random)]) // double knock-down (sometimes the same gene twice)
                : new("Channels", words.Channels[words.Channel.Next(random)]);
            pairs[9] = new("Comment", $"plate P{plate:D5} well {well} field {field}, exposure {random.Next(20, 400)} ms");
            yield return new BulkImage(
                new ImageRecord
                {
                    Name = $"P{plate:D5}_{well}_f{field}",
                    Description = random.Next(20) == 0 ? $"siRNA knockdown of {words.Genes[gene]}" : null,
                    OwnerId = owner,
                    GroupId = world.GroupIds[g],
                    Location = $"idr/P{plate:D5}/{well}/{field}.ome.zarr",
                    Source = $"/archive/screens/P{plate:D5}/{well}_f{field}.tif",
                    PixelType = "uint16",
                    SizeX = 1024 + (256 * random.Next(5)),
                    SizeY = 1024 + (256 * random.Next(5)),
                    SizeZ = random.Next(4) == 0 ? random.Next(2, 40) : 1,
                    SizeC = channels,
                    SizeT = random.Next(10) == 0 ? random.Next(2, 100) : 1,
                    PhysicalSizeX = 0.1 + (random.Next(60) / 100.0),
                    PhysicalSizeY = 0.1 + (random.Next(60) / 100.0),
                    PhysicalUnit = "micrometer",
                    Levels = random.Next(3, 6),
                    Channels = ChannelSet[..channels],
                    OriginalFiles = [$"{well}_f{field}.tif"],
                    AcquiredAt = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(5_000_000)),
                },
                pairs,
                world.Datasets[g][random.Next(world.Datasets[g].Length)]);
        }
    }
}
