namespace PawfectLive.Streams.Kernel;

internal static partial class StreamsLog
{
    /// <summary>An owner, moderator or admin action, logged under the caller's role (2003, 2005 or 2008).</summary>
    public static void LogModeration(this ILogger logger, Caller caller, string action, LiveStream stream)
    {
        if (caller.IsAdmin)
        {
            logger.AdminAction(caller.UserId, action, stream.Id);
        }
        else if (caller.UserId == stream.OwnerId)
        {
            logger.OwnerModeration(caller.UserId, action, stream.Id);
        }
        else
        {
            logger.ModeratorAction(caller.UserId, action, stream.Id);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Stream {StreamId} started by {OwnerId} in room {RoomName}")]
    public static partial void StreamStarted(this ILogger logger, string streamId, string ownerId, string roomName);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Stream {StreamId} in room {RoomName} ended: {Reason} (by {ActorId})")]
    public static partial void StreamEnded(this ILogger logger, string streamId, string roomName, string reason, string actorId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Admin {AdminId} {Action} on stream {StreamId}")]
    public static partial void AdminAction(this ILogger logger, string adminId, string action, string streamId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information,
        Message = "Start refused for {UserId}: {Reason}")]
    public static partial void StartRefused(this ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Owner {OwnerId} {Action} on stream {StreamId}")]
    public static partial void OwnerModeration(this ILogger logger, string ownerId, string action, string streamId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information,
        Message = "Moderator {ModeratorId} {Action} on stream {StreamId}")]
    public static partial void ModeratorAction(this ILogger logger, string moderatorId, string action, string streamId);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Stream {StreamId}: {Count} timeouts ran out")]
    public static partial void TimeoutsExpired(this ILogger logger, string streamId, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Participant {Identity} joined room {RoomName} and is removed again: {Reason}")]
    public static partial void ParticipantRemovedOnJoin(this ILogger logger, string identity, string roomName, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Report by {UserId} on stream {StreamId} refused: rate limited")]
    public static partial void ReportRefused(this ILogger logger, string userId, string streamId);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Stream {StreamId}: room {RoomName} missing in LiveKit for {Missing}; ending the stream")]
    public static partial void RoomGone(this ILogger logger, string streamId, string roomName, TimeSpan missing);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Stream {StreamId}: presence repaired from LiveKit ({Before} -> {After} viewers)")]
    public static partial void PresenceRepaired(this ILogger logger, string streamId, int before, int after);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "Reconciliation with LiveKit skipped this pass: {Error}")]
    public static partial void LiveKitReconciliationSkipped(this ILogger logger, string error);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Warning, Message = "Stream {StreamId} has ended but LiveKit still had its room {RoomName}; deleting it")]
    public static partial void EndedRoomDeleted(this ILogger logger, string streamId, string roomName);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "Stream {StreamId}: ingress {IngressId} deleted by reconciliation ({Reason})")]
    public static partial void StrayIngressDeleted(this ILogger logger, string streamId, string ingressId, string reason);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Debug, Message = "Reconciliation could not list LiveKit's ingresses; ingress repair skipped this pass: {Error}")]
    public static partial void IngressReconciliationSkipped(this ILogger logger, string error);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Stream {StreamId}: {OwnerId} asked for recording {RecordingId}")]
    public static partial void RecordingRequested(this ILogger logger, string streamId, string ownerId, string recordingId);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "Stream {StreamId}: recording {RecordingId} runs as egress {EgressId}")]
    public static partial void EgressStarted(this ILogger logger, string streamId, string recordingId, string egressId);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Warning, Message = "Stream {StreamId}: recording {RecordingId} could not start, marked failed: {Reason}")]
    public static partial void RecordingFailed(this ILogger logger, string streamId, string recordingId, string reason);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information,
        Message = "Stream {StreamId}: recording {RecordingId} (egress {EgressId}) is {Status} {Error}")]
    public static partial void RecordingStatus(this ILogger logger, string streamId, string recordingId, string egressId, string status, string? error);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information, Message = "Stream {StreamId}: {Type} ingress {IngressId} created")]
    public static partial void IngressCreated(this ILogger logger, string streamId, string type, string ingressId);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Stream {StreamId}: LiveKit could not create a {Type} ingress: {Reason}")]
    public static partial void IngressFailed(this ILogger logger, string streamId, string type, string reason);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Information, Message = "Stream {StreamId}: ingress {IngressId} is {Status}; source {Source}")]
    public static partial void IngressStatus(this ILogger logger, string streamId, string ingressId, string status, string source);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Warning, Message = "Stream {StreamId}: egress {EgressId} is not a live stream's recording; stopped")]
    public static partial void OrphanEgressStopped(this ILogger logger, string streamId, string egressId);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "Reconciliation with LiveKit's Egress skipped this pass: {Error}")]
    public static partial void EgressReconciliationSkipped(this ILogger logger, string error);

    [LoggerMessage(EventId = 2700, Level = LogLevel.Information, Message = "Scheduled stream {ScheduleId} {Change} by {ActorId}; starts at {StartsAt:o}")]
    public static partial void ScheduleChanged(this ILogger logger, string scheduleId, string actorId, string change, DateTime startsAt);
}
