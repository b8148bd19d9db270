using Tessera.Imaging.Png;
using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests;

public sealed class ImageFileFormatTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Written_files_are_recognised_by_content_not_name()
    {
        var options = new TiffPageOptions(16, 16, DataType.UInt8);
        foreach (var (bigTiff, kind) in new[] { (false, ImageFileKind.Tiff), (true, ImageFileKind.BigTiff) })
        {
            var path = _directory.Combine($"tiff-{bigTiff}.dat");
            using (var writer = TiffWriter.Create(path, bigTiff))
            {
                writer.WritePage(options, new byte[256]);
            }

            Assert.Equal(kind, ImageFileFormat.Detect(path));
        }

        var png = _directory.Combine("image.jpg");
        PngImage.Write(png, new DecodedImage(2, 2, 1, DataType.UInt8, new byte[4]));
        Assert.Equal(ImageFileKind.Png, ImageFileFormat.Detect(png));

        var text = _directory.Combine("text.tif");
        File.WriteAllText(text, "hello");
        Assert.Equal(ImageFileKind.Unknown, ImageFileFormat.Detect(text));
        var empty = _directory.Combine("empty.png");
        File.WriteAllBytes(empty, []);
        Assert.Equal(ImageFileKind.Unknown, ImageFileFormat.Detect(empty));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A }, ImageFileKind.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2B }, ImageFileKind.BigTiff)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0x00 }, ImageFileKind.BigTiff)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ImageFileKind.Jpeg)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, ImageFileKind.Unknown)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, ImageFileKind.Unknown)]
    public void Magic_bytes(byte[] head, ImageFileKind expected) => Assert.Equal(expected, ImageFileFormat.Detect(head));
}
