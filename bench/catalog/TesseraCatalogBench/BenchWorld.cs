using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// The users, groups and datasets images are spread over: 20 groups of every permission level (two of them public)
/// with sizes from 1 % to 20 % of the images, 60 owners, and the measured caller "bench-member", a plain member of a
/// private group (where it reads only its own images), two read-only, one read-annotate and one read-write group.
/// </summary>
public sealed class BenchWorld
{
    public const string MeasuredUser = "bench-member";
    public const string AdminUser = "bench-admin";

    // Name, level, public, share of the images.
    private static readonly (string Name, GroupPermissions Level, bool Public, double Share)[] Plan =
    [
        ("idr-public", GroupPermissions.ReadOnly, true, 0.20), ("screens-a", GroupPermissions.ReadAnnotate, false, 0.08),
        ("screens-b", GroupPermissions.ReadAnnotate, false, 0.06), ("screens-c", GroupPermissions.ReadAnnotate, false, 0.05),
        ("imaging-1", GroupPermissions.ReadOnly, false, 0.07), ("imaging-2", GroupPermissions.ReadOnly, true, 0.04),
        ("imaging-3", GroupPermissions.ReadOnly, false, 0.03), ("imaging-4", GroupPermissions.ReadOnly, false, 0.03),
        ("shared-1", GroupPermissions.ReadWrite, false, 0.05), ("shared-2", GroupPermissions.ReadWrite, false, 0.04),
        ("shared-3", GroupPermissions.ReadWrite, false, 0.03), ("shared-4", GroupPermissions.ReadWrite, false, 0.02),
        ("private-1", GroupPermissions.Private, false, 0.10), ("private-2", GroupPermissions.Private, false, 0.06),
        ("private-3", GroupPermissions.Private, false, 0.04), ("private-4", GroupPermissions.Private, false, 0.03),
        ("private-5", GroupPermissions.Private, false, 0.02), ("private-6", GroupPermissions.Private, false, 0.02),
        ("private-7", GroupPermissions.Private, false, 0.02), ("private-8", GroupPermissions.Private, false, 0.01),
    ];

    // The measured caller's groups: private-1, imaging-1, imaging-3, screens-a, shared-1.
    private static readonly int[] MeasuredGroups = [12, 4, 6, 1, 8];

    private BenchWorld(long[] groupIds, long[][] members, long[][] datasets, WeightedSampler groups)
    {
        GroupIds = groupIds;
        Members = members;
        Datasets = datasets;
        Groups = groups;
    }

    /// <summary>Group ids, in plan order.</summary>
    public long[] GroupIds { get; }

    /// <summary>Per group, the users who own its images.</summary>
    public long[][] Members { get; }

    /// <summary>Per group, its datasets.</summary>
    public long[][] Datasets { get; }

    /// <summary>Draws a group (plan index) by its share of the images.</summary>
    public WeightedSampler Groups { get; }

    public static async Task<BenchWorld> CreateAsync(Tessera.Catalog.Catalog catalog, int seed)
    {
        var random = new Random(seed);
        var users = new List<long>();
        for (var u = 1; u <= 60; u++)
        {
            users.Add((await catalog.CreateUserAsync($"user{u:D2}", $"User {u}")).Id);
        }

        var measured = (await catalog.CreateUserAsync(MeasuredUser, "Measured member")).Id;
        await catalog.CreateUserAsync(AdminUser, "Administrator", isAdmin: true);

        var groupIds = new long[Plan.Length];
        var members = new long[Plan.Length][];
        var datasets = new long[Plan.Length][];
        for (var g = 0; g < Plan.Length; g++)
        {
            var (name, level, isPublic, _) = Plan[g];
            groupIds[g] = (await catalog.CreateGroupAsync(name, level, isPublic)).Id;
            var groupMembers = users.OrderBy(_ => random.Next()).Take(random.Next(3, 9)).ToList();
            if (MeasuredGroups.Contains(g))
            {
                groupMembers.Add(measured);
            }

            for (var m = 0; m < groupMembers.Count; m++)
            {
                // The first member owns the group; the measured caller is never an owner.
                await catalog.AddMemberAsync(groupIds[g], groupMembers[m], isGroupOwner: m == 0);
            }

            members[g] = [.. groupMembers];
            var creator = await catalog.CallerAsync(groupMembers[0]);
            datasets[g] = new long[10];
            for (var d = 0; d < datasets[g].Length; d++)
            {
                datasets[g][d] = (await catalog.CreateDatasetAsync(creator, groupIds[g], $"{name} plate set {d + 1}")).Ref.Id;
            }
        }

        return new BenchWorld(groupIds, members, datasets, new WeightedSampler(Plan.Select(p => p.Share).ToArray()));
    }
}
