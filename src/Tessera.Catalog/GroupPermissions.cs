namespace Tessera.Catalog;

/// <summary>A group's permission level, with OMERO's meanings for what members may do with each other's data.</summary>
public enum GroupPermissions
{
    /// <summary><c>rw----</c>: members see only their own data; group owners and admins see all.</summary>
    Private,

    /// <summary><c>rwr---</c>: members see each other's data but may not annotate it; group owners may.</summary>
    ReadOnly,

    /// <summary><c>rwra--</c>: members see and annotate each other's data.</summary>
    ReadAnnotate,

    /// <summary><c>rwrw--</c>: members see, annotate, edit and delete each other's data.</summary>
    ReadWrite,
}
