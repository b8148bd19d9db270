using System.Globalization;
using System.Text;

namespace Tessera.Catalog;

/// <summary>
/// Who is asking, resolved once per request from the catalogue: the user (or anonymous), admin or not, and the groups
/// the caller is in or may read as public. Every query applies <see cref="ReadPredicate"/> in SQL, and every write asks
/// <see cref="Allows"/> with OMERO's permission tables.
/// </summary>
public sealed class CatalogCaller
{
    private readonly Dictionary<long, GroupMembership> _groups;

    internal CatalogCaller(long? experimenterId, string userName, bool isAdmin, IEnumerable<GroupMembership> groups)
    {
        ExperimenterId = experimenterId;
        UserName = userName;
        IsAdmin = isAdmin;
        _groups = groups.ToDictionary(g => g.GroupId);

        // Groups whose data is read in full, and private groups where a plain member reads only their own.
        FullGroups = _groups.Values.Where(g => g.IsGroupOwner || g.IsPublic || (g.IsMember && g.Permissions != GroupPermissions.Private))
            .Select(g => g.GroupId).Order().ToArray();
        OwnGroups = _groups.Values.Where(g => g.IsMember && !g.IsGroupOwner && !g.IsPublic && g.Permissions == GroupPermissions.Private)
            .Select(g => g.GroupId).Order().ToArray();
    }

    /// <summary>The user, or null for the anonymous public role.</summary>
    public long? ExperimenterId { get; }

    /// <summary>The user's name ("anonymous" for the public role).</summary>
    public string UserName { get; }

    /// <summary>Whether the caller is a server administrator.</summary>
    public bool IsAdmin { get; }

    /// <summary>Whether this is the anonymous public role.</summary>
    public bool IsAnonymous => ExperimenterId is null;

    /// <summary>The groups the caller is a member of or may read as public.</summary>
    public IReadOnlyCollection<GroupMembership> Groups => _groups.Values;

    /// <summary>Groups whose every object the caller may list and read.</summary>
    public IReadOnlyList<long> FullGroups { get; }

    /// <summary>Private groups where the caller is a plain member and reads only their own objects.</summary>
    public IReadOnlyList<long> OwnGroups { get; }

    /// <summary>The caller's membership of a group, or null when the caller is not in it and it is not public.</summary>
    public GroupMembership? Group(long groupId) => _groups.GetValueOrDefault(groupId);

    /// <summary>
    /// The SQL condition under which the caller may list and read a row with <c>{alias}.group_id</c> and
    /// <c>{alias}.owner_id</c>. Only ids from the catalogue are inlined, so the text is safe and the planner sees constants.
    /// </summary>
    public string ReadPredicate(string alias)
    {
        if (IsAdmin)
        {
            return "1 = 1";
        }

        var sql = new StringBuilder("(");
        sql.Append(InList($"{alias}.group_id", FullGroups));
        if (OwnGroups.Count > 0 && ExperimenterId is { } me)
        {
            sql.Append(" OR (").Append(InList($"{alias}.group_id", OwnGroups)).Append(CultureInfo.InvariantCulture, $" AND {alias}.owner_id = {me})");
        }

        return sql.Append(')').ToString();
    }

    /// <summary>
    /// The SQL condition selecting the rows of a per-group rollup (<c>kv_count</c>, <c>kv_key</c>: owner 0 holds the
    /// whole group, other rows one owner's share; kv_count's group 0 the total of all groups) that add up to exactly
    /// what <see cref="ReadPredicate"/> lets through.
    /// </summary>
    internal string CountPredicate(string alias) => "(" + string.Join(" OR ", CountBranches(alias)) + ")";

    /// <summary>
    /// <see cref="CountPredicate"/> as separate conditions, each a plain conjunction on owner and group: queried as a
    /// UNION ALL, every branch is a range of the (key, owner, group, value) index instead of an OR the planner filters.
    /// </summary>
    internal IReadOnlyList<string> CountBranches(string alias)
    {
        if (IsAdmin)
        {
            // Group 0 holds the all-groups totals of kv_count; summing every group's row instead must skip it.
            return [$"({alias}.owner_id = 0 AND {alias}.group_id <> 0)"];
        }

        var branches = new List<string> { $"({InList($"{alias}.group_id", FullGroups)} AND {alias}.owner_id = 0)" };
        if (OwnGroups.Count > 0 && ExperimenterId is { } me)
        {
            branches.Add(string.Create(CultureInfo.InvariantCulture, $"({InList($"{alias}.group_id", OwnGroups)} AND {alias}.owner_id = {me})"));
        }

        return branches;
    }

    /// <summary>
    /// Whether the caller may do <paramref name="action"/> to an object of <paramref name="ownerId"/> in
    /// <paramref name="groupId"/>, and if not, why — OMERO's tables for administrators, group owners and members;
    /// owners may do everything with their own data; anyone may list and read public groups' data.
    /// </summary>
    public bool Allows(long groupId, long ownerId, CatalogAction action, out string reason)
    {
        var group = Group(groupId);
        var level = group?.Permissions;
        reason = "";
        if (ExperimenterId is { } me && me == ownerId && !IsAnonymous)
        {
            return true;
        }

        bool allowed;
        if (IsAdmin)
        {
            // Administrators: everything, except annotating or mixing other users' data in a private group.
            allowed = action is CatalogAction.Annotate or CatalogAction.Link ? level is not GroupPermissions.Private && !(level is null && IsPrivate(groupId)) : true;
            reason = "the group is private";
            return allowed;
        }

        if (group is null)
        {
            reason = "not a member of the group";
            return false;
        }

        if (group.IsGroupOwner)
        {
            allowed = action switch
            {
                CatalogAction.List or CatalogAction.Read or CatalogAction.Edit or CatalogAction.Delete => true,
                _ => level != GroupPermissions.Private,
            };
            reason = "the group is private";
            return allowed;
        }

        if (group.IsMember)
        {
            allowed = action switch
            {
                CatalogAction.List or CatalogAction.Read => level != GroupPermissions.Private || group.IsPublic,
                CatalogAction.Annotate => level is GroupPermissions.ReadAnnotate or GroupPermissions.ReadWrite,
                _ => level == GroupPermissions.ReadWrite,
            };
            reason = $"the group is {GroupPermissionsText.Format(level!.Value)} and the object belongs to another user";
            return allowed;
        }

        // Public groups are readable by anyone, and nothing more.
        allowed = group.IsPublic && action is CatalogAction.List or CatalogAction.Read;
        reason = IsAnonymous ? "anonymous callers may only read" : "not a member of the group";
        return allowed;
    }

    // An administrator's group table holds every group; a group missing from it is treated as private (refuse).
    private bool IsPrivate(long groupId) => !_groups.ContainsKey(groupId);

    private static string InList(string column, IReadOnlyList<long> ids) =>
        ids.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
}
