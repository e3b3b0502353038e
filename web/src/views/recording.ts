// Go Live's recording line: the stream's recording status (LiveKit Egress to HLS), re-read every 3 s, with a button to
// start recording when the stream is not being recorded. After the stream ends it follows the recording until the
// replay is ready (or failed).
import { api, ApiError, RecordingStatus } from "../api";
import { h } from "../dom";
import { formatBytes, formatDuration } from "./replay";

const pollMs = 3000;

function describe(recording: RecordingStatus): string {
  switch (recording.status) {
    case "starting": return "Recording: starting (it begins once your camera reaches LiveKit)…";
    case "recording": return `Recording: recording since ${new Date(recording.startedAt ?? recording.requestedAt).toLocaleTimeString()}`;
    case "processing": return "Recording: processing, the replay will be ready soon…";
    case "ready": return ["Recording: ready", recording.durationSeconds !== null ? formatDuration(recording.durationSeconds) : null,
      recording.sizeBytes !== null ? formatBytes(recording.sizeBytes) : null].filter(Boolean).join(" · ");
    case "failed": return `Recording: failed${recording.error ? ` (${recording.error})` : ""}`;
    default: return `Recording: ${recording.status}`;
  }
}

export function recordingPanel(streamId: string, initial: RecordingStatus | null, requested: boolean): { element: HTMLElement; ended: () => void; destroy: () => void } {
  const status = h("p", { class: "recording-status", "data-testid": "recording-status", role: "status" }, "Recording: checking…");
  const startButton = h("button", { type: "button", class: "hidden", "data-testid": "start-recording", onclick: () => void start() }, "⏺ Start recording");
  const replayLink = h("a", { class: "hidden", href: `#/watch/${streamId}`, "data-testid": "replay-link" }, "▶ Watch the replay");
  const element = h("div", { class: "recording", "data-testid": "recording" }, h("h2", {}, "Recording"), status, h("div", { class: "ingress-row" }, startButton, replayLink));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = true;
  let destroyed = false;
  let current: RecordingStatus | null = initial;

  /** Whether to keep polling after this status: not while nothing can change by itself. */
  const settled = (recording: RecordingStatus | null) =>
    recording === null || recording.status === "ready" || recording.status === "failed";

  /** Polls again in 3 s, unless the view was left or the status is final (ready or failed: nothing changes by itself). */
  const schedule = () => {
    clearTimeout(timer);
    if (!destroyed && !(current && settled(current))) timer = setTimeout(() => void poll(), pollMs);
  };

  function render(recording: RecordingStatus | null) {
    current = recording;
    if (!recording) {
      status.textContent = live ? "Recording: not recording" : "Recording: this stream was not recorded";
      status.dataset.status = "none";
      startButton.classList.toggle("hidden", !live);
      return;
    }
    status.textContent = describe(recording);
    status.dataset.status = recording.status;
    startButton.classList.toggle("hidden", !(live && recording.status === "failed"));
    startButton.textContent = recording.status === "failed" ? "⏺ Try recording again" : "⏺ Start recording";
    replayLink.classList.toggle("hidden", recording.status !== "ready");
  }

  async function poll() {
    clearTimeout(timer);
    if (destroyed) return;
    let recording: RecordingStatus | null;
    try {
      recording = await api.recording(streamId);
    } catch (error) {
      if (destroyed) return;
      if (error instanceof ApiError && error.kind === "recording-not-found") {
        recording = null;
      } else {
        status.textContent = `Recording: status unavailable (${(error as Error).message})`;
        return schedule();
      }
    }
    if (destroyed) return;
    render(recording);
    // A stream that is not being recorded only starts recording from this page's button; the rest move on their own.
    if (!settled(recording)) schedule();
  }

  async function start() {
    startButton.disabled = true;
    try {
      render(await api.startRecording(streamId));
      schedule();
    } catch (error) {
      if (!(error instanceof ApiError)) status.textContent = `Could not start recording: ${(error as Error).message}`;
      else if (error.kind === "stream-ended") status.textContent = "Recording: the stream has ended, it can no longer be recorded";
      else status.textContent = `Could not start recording: ${error.detail || error.title}`;
      status.dataset.status = "error";
    } finally {
      startButton.disabled = false;
    }
  }

  // Start's answer says whether the stream is being recorded; from then on only a recording can change by itself.
  render(initial);
  if (initial) schedule(); // not once final
  else if (requested) void poll(); // asked for, yet not in start's answer: ask the recording itself

  return {
    element,
    ended: () => {
      live = false;
      startButton.classList.add("hidden");
      // From now on poll only until the status is final (processing → ready, or failed): once more, then as scheduled.
      if (current && !settled(current)) void poll();
      else render(current);
    },
    destroy: () => {
      destroyed = true;
      clearTimeout(timer);
    },
  };
}
