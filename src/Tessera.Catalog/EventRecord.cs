namespace Tessera.Catalog;

/// <summary>One entry of the event log: who did what to which object, and when.</summary>
/// <param name="Id">Event id (increasing).</param>
/// <param name="At">When.</param>
/// <param name="ExperimenterId">Who (null for the system).</param>
/// <param name="Action">create, update, delete, import, annotate, link, unlink or login.</param>
/// <param name="ObjectType">What kind of object.</param>
/// <param name="ObjectId">Which object.</param>
/// <param name="Detail">A short description (a name, a source path, an annotation id).</param>
public sealed record EventRecord(long Id, DateTimeOffset At, long? ExperimenterId, string Action, string ObjectType, long? ObjectId, string? Detail);
