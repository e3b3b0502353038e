using PawfectLive.Contracts;

namespace PawfectLive.Streams.Model;

/// <summary>A stream's recording and its external encoder: what the owner asked for and what LiveKit reported.</summary>
public sealed partial class LiveStream
{
    /// <summary>The stream's recording (the latest attempt), or null when none was asked for.</summary>
    public StreamRecording? Recording { get; set; }

    /// <summary>The external encoder endpoint (LiveKit ingress) the owner created, or null.</summary>
    public StreamIngress? Ingress { get; set; }

    /// <summary>Where the picture comes from now: <see cref="StreamSources"/>.</summary>
    public string Source { get; set; } = StreamSources.WebRtc;

    /// <summary>Whether the publisher (the owner, from the app or an encoder) has published a track since the stream started.</summary>
    public bool PublisherPublished { get; set; }

    /// <summary>
    /// Asks for a recording of a live stream; a failed one may be asked for again (a new attempt with new files).
    /// False when the stream has ended or a recording is already under way or done.
    /// </summary>
    public bool RequestRecording(StreamRecording recording, DateTime at)
    {
        if (!IsLive || Recording is { Status: not RecordingStates.Failed })
        {
            return false;
        }
        Recording = recording;
        return Changed(at);
    }

    /// <summary>The publisher published a track (LiveKit's <c>track_published</c>). False when one was already published.</summary>
    public bool MarkPublisherPublished(DateTime at) => IsLive && !PublisherPublished && (PublisherPublished = true) && Changed(at);

    /// <summary>
    /// Whether the requested recording may start now, and if so notes that its egress was asked for (so it is asked for
    /// once): the stream is live, its publisher's track is out (an egress started before that hangs in "starting"), and
    /// no egress was asked for yet.
    /// </summary>
    public bool TakeEgressStart(DateTime at)
    {
        if (!IsLive || !PublisherPublished || Recording is not { Status: RecordingStates.Starting, EgressId: null, EgressRequested: false } recording)
        {
            return false;
        }
        recording.EgressRequested = true;
        return Changed(at);
    }

    /// <summary>LiveKit accepted the egress of recording <paramref name="recordingId"/>. False when that attempt is no longer current or running.</summary>
    public bool AttachEgress(string recordingId, string egressId, DateTime at)
    {
        if (Recording is not { } recording || recording.Id != recordingId || recording.EgressId == egressId
            || recording.EgressId is not null || recording.Status is not (RecordingStates.Starting or RecordingStates.Recording))
        {
            return false;
        }
        recording.EgressId = egressId;
        return Changed(at);
    }

    /// <summary>
    /// The recording could not be started (Egress unreachable or refusing). False when it is no longer current, or when
    /// LiveKit has reported its egress meanwhile (a start that timed out may still have worked).
    /// </summary>
    public bool FailRecording(string recordingId, string error, DateTime at)
    {
        if (Recording is not { } recording || recording.Id != recordingId || recording.EgressId is not null || recording.IsFinished)
        {
            return false;
        }
        recording.Status = RecordingStates.Failed;
        recording.Error = error;
        recording.EndedAt ??= at;
        return Changed(at);
    }

    /// <summary>
    /// Takes LiveKit's report on the stream's egress: a status never goes back (starting, recording, processing, then
    /// ready or failed), and a report older than the one applied (<see cref="StreamRecording.LastReportAt"/>) changes
    /// nothing. A report of an egress we do not know yet is adopted only while our own start of one is under way (LiveKit's
    /// webhook can overtake its answer) and only if it is not older than the attempt: a previous attempt's late report
    /// does not take over a new one. False when nothing changed.
    /// </summary>
    public bool ApplyEgressReport(EgressReport report, DateTime at)
    {
        if (Recording is not { } recording
            || (recording.EgressId is { } known ? known != report.EgressId
                : !recording.EgressRequested || recording.Status != RecordingStates.Starting || report.UpdatedAt < recording.RequestedAt))
        {
            return false;
        }
        var status = report.Status;
        var newer = StreamRecording.Rank(status) > StreamRecording.Rank(recording.Status)
            || (status == recording.Status && report.UpdatedAt > recording.LastReportAt && recording.WouldChange(report));
        if (!newer || recording.IsFinished)
        {
            return false;
        }
        recording.EgressId = report.EgressId;
        recording.Status = status;
        recording.Error = status == RecordingStates.Failed ? report.Error ?? "LiveKit gave no reason." : null;
        recording.LastReportAt = report.UpdatedAt;
        recording.StartedAt = report.StartedAt ?? recording.StartedAt;
        recording.EndedAt = report.EndedAt ?? recording.EndedAt;
        recording.DurationSeconds = report.DurationSeconds ?? recording.DurationSeconds;
        recording.SizeBytes = report.SizeBytes ?? recording.SizeBytes;
        recording.Mp4SizeBytes = report.Mp4SizeBytes ?? recording.Mp4SizeBytes;
        return Changed(at);
    }

    /// <summary>Deletes the stream's replay (an ended stream's ready or failed recording). False when there is none to delete.</summary>
    public bool DeleteReplay(string deletedBy, DateTime at)
    {
        if (IsLive || Recording is not { DeletedAt: null } recording)
        {
            return false;
        }
        recording.DeletedAt = at;
        recording.DeletedBy = deletedBy;
        return Changed(at);
    }

    /// <summary>Keeps the ingress LiveKit created for the owner. False when the stream has ended or has an ingress already.</summary>
    public bool AttachIngress(StreamIngress ingress, DateTime at)
    {
        if (!IsLive || Ingress is not null)
        {
            return false;
        }
        Ingress = ingress;
        return Changed(at);
    }

    /// <summary>
    /// LiveKit's report on the stream's ingress: while an encoder publishes the stream's source is that encoder's protocol,
    /// afterwards the app's again. Reports are applied in LiveKit's order (<paramref name="reportedAt"/>: the ingress
    /// state's own time, to the nanosecond), not in arrival order: one older than the newest applied is ignored; of two
    /// at the same time, the later to arrive wins. False when nothing changed or the report is about another ingress.
    /// </summary>
    public bool ApplyIngressReport(string ingressId, bool publishing, string? error, DateTime reportedAt, DateTime at)
    {
        if (Ingress is not { } ingress || ingress.Id != ingressId || ingress.ReportedAt > reportedAt)
        {
            return false;
        }
        var (status, source) = publishing ? (IngressStatuses.Publishing, ingress.Type) : (IngressStatuses.Ended, StreamSources.WebRtc);
        if (ingress.Status == status && Source == source && ingress.Error == error)
        {
            if (ingress.ReportedAt == reportedAt)
            {
                return false;
            }
            ingress.ReportedAt = reportedAt; // Only the report's time moved on.
            return Changed(at);
        }
        ingress.ReportedAt = reportedAt;
        (ingress.Status, ingress.Error, Source) = (status, error, IsLive ? source : Source);
        return Changed(at);
    }

    /// <summary>
    /// What the end of the stream does to its recording: a running one is processing (its egress is stopped, see
    /// <see cref="EgressToStop()"/>), one that never got an egress fails.
    /// </summary>
    private void EndRecording(DateTime at)
    {
        if (Recording is not { IsFinished: false } recording)
        {
            return;
        }
        if (recording.EgressId is null)
        {
            recording.Status = RecordingStates.Failed;
            recording.Error = PublisherPublished
                ? "The stream ended before LiveKit started the recording."
                : "The stream ended before its video was published; there was nothing to record.";
            recording.EndedAt = at;
            return;
        }
        if (recording.Status == RecordingStates.Recording)
        {
            recording.Status = RecordingStates.Processing;
        }
    }

    /// <summary>The egress an ended stream still has to stop (null: none runs).</summary>
    public string? EgressToStop() => !IsLive && Recording is { IsFinished: false, EgressId: { } egressId } ? egressId : null;
}
