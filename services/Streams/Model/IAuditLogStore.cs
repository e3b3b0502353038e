namespace PawfectLive.Streams.Model;

/// <summary>The audit log of owner, moderator and admin actions.</summary>
public interface IAuditLogStore
{
    /// <summary>Adds an entry to the audit log, once: adding an entry with the same id again changes nothing.</summary>
    Task AddAuditEntryAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The audit log, newest first, of one stream and/or one actor when given; <paramref name="beforeId"/> continues a previous page.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, string? beforeId, string? streamId, string? actorId, CancellationToken cancellationToken);
}
