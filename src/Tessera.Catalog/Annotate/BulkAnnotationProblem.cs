namespace Tessera.Catalog.Annotate;

/// <summary>Why a row of a bulk annotation could not be applied.</summary>
public enum BulkAnnotationProblem
{
    /// <summary>A named project, dataset, image, screen, plate or well does not exist or the caller may not read it (one answer for both).</summary>
    NotFound,

    /// <summary>More than one object the caller can read has the name; a project or screen column can tell them apart.</summary>
    Ambiguous,

    /// <summary>Another row already names the same object.</summary>
    Duplicate,

    /// <summary>The caller may read the object but not annotate it.</summary>
    Forbidden,

    /// <summary>The row itself is unusable: an empty identifying cell, or a well name that is not row letters and a column number.</summary>
    Invalid,
}
