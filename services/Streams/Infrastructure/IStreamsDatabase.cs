namespace PawfectLive.Streams.Infrastructure;

/// <summary>
/// Everything one backend (the embedded LiteDB file or MongoDB) stores. Only for registering each narrow store from the
/// one instance and for the store contract tests: a feature asks for the stores it touches, never for this.
/// </summary>
public interface IStreamsDatabase
    : IStreamStore, IOutboxStore, IPresenceStore, IViewerSessionStore, IChatActivityStore, IReportStore, IAuditLogStore, ILeaseStore, IScheduleStore;
