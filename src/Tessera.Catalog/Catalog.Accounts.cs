using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>Creates a group (an administrative act: the caller of this library is trusted).</summary>
    /// <exception cref="CatalogException">The name is empty or taken.</exception>
    public async Task<ExperimenterGroup> CreateGroupAsync(string name, GroupPermissions permissions, bool isPublic = false, string? description = null, CancellationToken cancellationToken = default)
    {
        RequireName(name, "group name");
        await using var write = await BeginWriteAsync(await AdministratorAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (await write.ScalarAsync<long>("SELECT COUNT(*) FROM experimenter_group WHERE name = @name", new { name }).ConfigureAwait(false) > 0)
        {
            throw new CatalogException($"group '{name}' already exists");
        }

        var id = await write.InsertAsync(
            "INSERT INTO experimenter_group (name, description, permissions, is_public, created_at) VALUES (@name, @description, @permissions, @isPublic, @at)",
            new { name, description, permissions = GroupPermissionsText.Format(permissions), isPublic, at = write.Time() }).ConfigureAwait(false);
        await write.EventAsync("create", "group", id, name).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimenterGroup(id, name, description, permissions, isPublic);
    }

    /// <summary>Changes a group's level or public flag.</summary>
    public async Task UpdateGroupAsync(long groupId, GroupPermissions permissions, bool isPublic, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(await AdministratorAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (await write.ExecuteAsync("UPDATE experimenter_group SET permissions = @p, is_public = @isPublic WHERE id = @groupId",
            new { p = GroupPermissionsText.Format(permissions), isPublic, groupId }).ConfigureAwait(false) == 0)
        {
            throw new CatalogException($"group {groupId}: no such group");
        }

        await write.EventAsync("update", "group", groupId, GroupPermissionsText.Format(permissions)).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a user.</summary>
    /// <exception cref="CatalogException">The name is empty or taken.</exception>
    public async Task<Experimenter> CreateUserAsync(string userName, string? fullName = null, string? email = null, bool isAdmin = false, string? passwordHash = null, CancellationToken cancellationToken = default)
    {
        RequireName(userName, "user name");
        if (string.Equals(userName, "anonymous", StringComparison.OrdinalIgnoreCase))
        {
            throw new CatalogException("user name 'anonymous' is reserved for the public role");
        }

        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM experimenter WHERE user_name = @userName", new { userName }, transaction).ConfigureAwait(false) > 0)
        {
            throw new CatalogException($"user '{userName}' already exists");
        }

        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO experimenter (user_name, full_name, email, password_hash, is_admin, created_at) VALUES (@userName, @fullName, @email, @passwordHash, @isAdmin, @at) RETURNING id",
            new { userName, fullName, email, passwordHash, isAdmin, at = CatalogClock.Now(Dialect) }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO event (at, experimenter_id, action, object_type, object_id, detail) VALUES (@at, @id, 'create', 'experimenter', @id, @userName)",
            new { at = CatalogClock.Now(Dialect), id, userName }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Experimenter(id, userName, fullName, email, isAdmin);
    }

    /// <summary>Adds a user to a group (or changes their role there).</summary>
    public async Task AddMemberAsync(long groupId, long experimenterId, bool isGroupOwner = false, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(await AdministratorAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        try
        {
            await write.ExecuteAsync(
                """
                INSERT INTO group_member (group_id, experimenter_id, is_owner) VALUES (@groupId, @experimenterId, @isGroupOwner)
                ON CONFLICT (group_id, experimenter_id) DO UPDATE SET is_owner = @isGroupOwner
                """,
                new { groupId, experimenterId, isGroupOwner }).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new CatalogException($"group {groupId}, user {experimenterId}: no such group or user ({e.Message})", e);
        }

        await write.EventAsync("update", "group", groupId, $"member {experimenterId}{(isGroupOwner ? " (owner)" : "")}").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user with this name, or null.</summary>
    public async Task<Experimenter?> FindUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        var row = (await RowsAsync("SELECT id, user_name, full_name, email, is_admin FROM experimenter WHERE user_name = @userName", new { userName }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        return row is null ? null : new Experimenter(row.Long("id"), row.Text("user_name"), row.NullableText("full_name"), row.NullableText("email"), row.Bool("is_admin"));
    }

    /// <summary>The stored password hash of a user (for the server's login), or null.</summary>
    public Task<string?> PasswordHashAsync(long experimenterId, CancellationToken cancellationToken = default) =>
        ScalarAsync<string?>("SELECT password_hash FROM experimenter WHERE id = @experimenterId", new { experimenterId }, cancellationToken);

    /// <summary>Sets a user's password hash.</summary>
    public async Task SetPasswordHashAsync(long experimenterId, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE experimenter SET password_hash = @passwordHash WHERE id = @experimenterId", new { passwordHash, experimenterId }).ConfigureAwait(false);
    }

    /// <summary>The group with this name, or null.</summary>
    public async Task<ExperimenterGroup?> FindGroupAsync(string name, CancellationToken cancellationToken = default) =>
        (await GroupsAsync("WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The groups the caller belongs to or may read as public (every group for an administrator).</summary>
    public async Task<IReadOnlyList<ExperimenterGroup>> ListGroupsAsync(CatalogCaller caller, CancellationToken cancellationToken = default)
    {
        var all = await GroupsAsync("", null, cancellationToken).ConfigureAwait(false);
        return caller.IsAdmin ? all : all.Where(g => caller.Group(g.Id) is not null).ToList();
    }

    /// <summary>The users who share a group with the caller (all users for an administrator; none for anonymous).</summary>
    public async Task<IReadOnlyList<Experimenter>> ListUsersAsync(CatalogCaller caller, CancellationToken cancellationToken = default)
    {
        var sql = caller.IsAdmin
            ? "SELECT id, user_name, full_name, email, is_admin FROM experimenter ORDER BY user_name"
            : """
              SELECT DISTINCT e.id, e.user_name, e.full_name, e.email, e.is_admin FROM experimenter e
              JOIN group_member m ON m.experimenter_id = e.id
              WHERE m.group_id IN (SELECT group_id FROM group_member WHERE experimenter_id = @me) ORDER BY e.user_name
              """;
        var rows = await RowsAsync(sql, new { me = caller.ExperimenterId ?? -1 }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new Experimenter(r.Long("id"), r.Text("user_name"), r.NullableText("full_name"), r.NullableText("email"), r.Bool("is_admin"))).ToList();
    }

    /// <summary>Resolves a user into a caller: their memberships, the public groups, admin or not.</summary>
    /// <exception cref="CatalogException">No such user.</exception>
    public async Task<CatalogCaller> CallerAsync(long experimenterId, CancellationToken cancellationToken = default)
    {
        var user = (await RowsAsync("SELECT id, user_name, is_admin FROM experimenter WHERE id = @experimenterId", new { experimenterId }, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new CatalogException($"user {experimenterId}: no such user");
        return await CallerForAsync(user.Long("id"), user.Text("user_name"), user.Bool("is_admin"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a user by name into a caller.</summary>
    /// <exception cref="CatalogException">No such user.</exception>
    public async Task<CatalogCaller> CallerAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await FindUserAsync(userName, cancellationToken).ConfigureAwait(false) ?? throw new CatalogException($"user '{userName}': no such user");
        return await CallerForAsync(user.Id, user.UserName, user.IsAdmin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The anonymous public role: reads public groups, nothing else.</summary>
    public async Task<CatalogCaller> AnonymousAsync(CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync("SELECT id, permissions, is_public FROM experimenter_group WHERE is_public = @yes", new { yes = true }, cancellationToken).ConfigureAwait(false);
        return new CatalogCaller(null, "anonymous", false, rows.Select(r => new GroupMembership(r.Long("id"), GroupPermissionsText.Parse(r.Text("permissions")), true, false, false)));
    }

    private async Task<CatalogCaller> CallerForAsync(long id, string userName, bool isAdmin, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(
            """
            SELECT g.id, g.permissions, g.is_public, m.experimenter_id AS member, m.is_owner
            FROM experimenter_group g LEFT JOIN group_member m ON m.group_id = g.id AND m.experimenter_id = @id
            WHERE m.experimenter_id IS NOT NULL OR g.is_public = @yes OR @isAdmin = @yes
            """,
            new { id, yes = true, isAdmin }, cancellationToken).ConfigureAwait(false);
        return new CatalogCaller(id, userName, isAdmin, rows.Select(r => new GroupMembership(
            r.Long("id"), GroupPermissionsText.Parse(r.Text("permissions")), r.Bool("is_public"), r.NullableLong("member") is not null, r.Bool("is_owner"))));
    }

    /// <summary>An administrator caller for the library's own administrative writes (events name no user).</summary>
    private async Task<CatalogCaller> AdministratorAsync(CancellationToken cancellationToken)
    {
        var rows = await RowsAsync("SELECT id, permissions, is_public FROM experimenter_group", null, cancellationToken).ConfigureAwait(false);
        return new CatalogCaller(null, "system", true, rows.Select(r => new GroupMembership(r.Long("id"), GroupPermissionsText.Parse(r.Text("permissions")), r.Bool("is_public"), false, false)));
    }

    private async Task<IReadOnlyList<ExperimenterGroup>> GroupsAsync(string where, object? parameters, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync($"SELECT id, name, description, permissions, is_public FROM experimenter_group {where} ORDER BY name", parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new ExperimenterGroup(r.Long("id"), r.Text("name"), r.NullableText("description"), GroupPermissionsText.Parse(r.Text("permissions")), r.Bool("is_public"))).ToList();
    }

    private static void RequireName(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CatalogException($"{what}: must not be empty");
        }
    }
}
