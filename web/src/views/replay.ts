// Replays: the HLS recording of an ended stream (LiveKit Egress on object storage), played through hls.js over Media
// Source Extensions, or the browser's own HLS (Safari on iOS). hls.js is big, so it is imported only when a replay (or a
// live stream's rewind) plays.
import type Hls from "hls.js";
import { api, ApiError, Replay } from "../api";
import { h } from "../dom";

/** 75 → "1:15", 3675 → "1:01:15". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** 1536 → "1.5 KB", 3_500_000 → "3.3 MB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const notReadyText: Record<string, string> = {
  starting: "The recording is starting…",
  recording: "The recording is still going on…",
  processing: "The replay is being processed. It will play here when it is ready…",
};

/** The replay's known figures, e.g. ["1:15", "3.3 MB"]; a figure LiveKit did not report (null) is left out. */
export function replayFigures(replay: Pick<Replay, "durationSeconds" | "sizeBytes">): string[] {
  const figures: string[] = [];
  if (replay.durationSeconds !== null && replay.durationSeconds !== undefined) figures.push(formatDuration(replay.durationSeconds));
  if (replay.sizeBytes !== null && replay.sizeBytes !== undefined) figures.push(formatBytes(replay.sizeBytes));
  return figures;
}

/** How often, and for how long, a replay that is not ready yet is asked for again: every 5 s for 10 minutes. */
const retryMs = 5000;
const maxAttempts = (10 * 60 * 1000) / retryMs;

/**
 * Plays an HLS playlist (a replay, or a recording's live playlist) in `video`: hls.js over Media Source Extensions,
 * imported only now (it is big), or the browser's own HLS (Safari on iOS), else `fallbackUrl` (an MP4) if any.
 * `onError` gets a fatal error's text. The returned function frees hls.js; call it when the video is no longer shown.
 */
export async function playHls(video: HTMLVideoElement, url: string, onError: (text: string) => void, fallbackUrl?: string | null): Promise<() => void> {
  const { default: HlsJs } = await import("hls.js");
  if (HlsJs.isSupported()) {
    let player: Hls | null = new HlsJs();
    let recovered = false;
    player.on(HlsJs.Events.ERROR, (_event, data) => {
      if (!data.fatal || !player) return;
      if (data.type === HlsJs.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        player.recoverMediaError();
        return;
      }
      onError(data.details);
      player.destroy();
      player = null;
    });
    player.loadSource(url);
    player.attachMedia(video);
    return () => {
      player?.destroy();
      player = null;
    };
  }
  if (video.canPlayType("application/vnd.apple.mpegurl")) video.src = url;
  else if (fallbackUrl) video.src = fallbackUrl;
  else onError("this browser has no HLS support");
  return () => {};
}

/**
 * The replay of an ended stream: asks for it, waits while it is processed (re-asking every 5 s), then plays it.
 * `destroy` stops the polling and the player (and frees hls.js); call it when leaving the view.
 */
export function replayPlayer(streamId: string, onReplay?: (replay: Replay) => void): { element: HTMLElement; destroy: () => void } {
  const state = h("p", { class: "replay-state", "data-testid": "replay-state" }, "Looking for a replay…");
  const element = h("div", { class: "replay", "data-testid": "replay" }, state);
  let stopHls: (() => void) | null = null;
  let video: HTMLVideoElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  let attempts = 0;

  const say = (text: string, kind: string) => {
    state.textContent = text;
    state.dataset.state = kind;
  };

  async function load() {
    if (destroyed) return;
    attempts++;
    try {
      const replay = await api.replay(streamId);
      if (destroyed) return;
      onReplay?.(replay);
      await play(replay);
    } catch (error) {
      if (destroyed) return;
      if (!(error instanceof ApiError)) return say(`Could not load the replay: ${(error as Error).message}`, "error");
      switch (error.kind) {
        case "replay-not-ready": {
          // 409 comes only while the recording is starting, recording or processing: it moves on by itself.
          const status = String(error.extensions.recordingStatus ?? "processing").toLowerCase();
          if (attempts >= maxAttempts) {
            return say("The replay is taking longer than expected. Reload the page to check again.", "timed-out");
          }
          say(notReadyText[status] ?? `The replay is not ready yet (${status}).`, `not-ready-${status}`);
          timer = setTimeout(() => void load(), retryMs);
          return;
        }
        // Never recorded, recording failed (with LiveKit's reason) or replay deleted: the server's detail says which.
        case "replay-not-found": return say(error.detail || "There is no replay of this stream.", "not-found");
        case "blocked": return say("You are blocked from this stream: its replay is not available to you.", "blocked");
        default: return say(`Could not load the replay: ${error.detail || error.title}`, "error");
      }
    }
  }

  async function play(replay: Replay) {
    video = h("video", { class: "video", "data-testid": "replay-player", controls: true, playsinline: true, muted: true });
    video.muted = true; // the attribute alone does not mute a script-created element
    const info = h("p", { class: "replay-info", "data-testid": "replay-info" },
      ["▶ Replay", ...replayFigures(replay), `recorded ${new Date(replay.recordedAt).toLocaleString()}`].join(" · "));
    if (replay.mp4Url) info.append(" · ", h("a", { href: replay.mp4Url, download: "", "data-testid": "replay-mp4" }, "Download MP4"));
    say("", "ready");
    element.replaceChildren(h("div", { class: "stage replay-stage" }, video), info, state);

    const stop = await playHls(video, replay.playlistUrl, (text) => say(`The replay cannot be played: ${text}.`, "error"), replay.mp4Url);
    if (destroyed) stop();
    else stopHls = stop;
  }

  void load();
  return {
    element,
    destroy: () => {
      destroyed = true;
      clearTimeout(timer);
      stopHls?.();
      stopHls = null;
      if (video) {
        video.pause();
        video.removeAttribute("src");
        video.load();
      }
    },
  };
}
