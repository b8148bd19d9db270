using System.Text;

namespace Tessera.Interop.Tests;

/// <summary>The test's own CRC-32C reference must itself be right before it judges Tessera's checksums.</summary>
public sealed class CastagnoliTests
{
    [Fact]
    public void Matches_the_published_check_value_of_CRC_32C() =>
        Assert.Equal(0xE3069283u, Castagnoli.Compute(Encoding.ASCII.GetBytes("123456789")));
}
