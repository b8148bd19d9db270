namespace Tessera.Catalog.Annotate;

/// <summary>What happened (or, in a dry run or when another row failed, would happen) to one row or target.</summary>
/// <param name="Line">The 1-based CSV line of the row, or null for a target given by reference.</param>
/// <param name="Target">The object as the row names it, e.g. <c>image 'a.tif' in dataset 'D1'</c>.</param>
/// <param name="Ref">The object it resolved to, or null when it did not.</param>
/// <param name="Pairs">Key/value pairs for it (0 when the row's key cells are all empty).</param>
/// <param name="Tags">Tags for it.</param>
/// <param name="Problem">Why the row cannot be applied, or null when it can.</param>
/// <param name="Message">The problem in words, starting with the line (or target), or null when there is none.</param>
public sealed record BulkAnnotationOutcome(int? Line, string Target, ObjectRef? Ref, int Pairs, int Tags, BulkAnnotationProblem? Problem, string? Message);
