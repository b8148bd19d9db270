namespace Tessera.Bench.Catalog;

/// <summary>Draws indexes 0..n-1 with given weights (a cumulative table and a binary search), e.g. Zipf ranks.</summary>
public sealed class WeightedSampler
{
    private readonly double[] _cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }

        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= sum;
        }
    }

    public int Count => _cumulative.Length;

    /// <summary>Probability of index <paramref name="i"/>.</summary>
    public double Probability(int i) => _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);

    /// <summary>Weights 1/rank^s for ranks 1..n.</summary>
    public static WeightedSampler Zipf(int n, double s) => new(Enumerable.Range(1, n).Select(r => 1.0 / Math.Pow(r, s)).ToArray());

    public int Next(Random random)
    {
        var at = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(at < 0 ? ~at : at, _cumulative.Length - 1);
    }
}
