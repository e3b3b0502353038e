// Replays: the HLS recording of an ended stream (LiveKit Egress on object storage), played through hls.js over Media
// Source Extensions, or the browser's own HLS (Safari on iOS). hls.js is big, so it is imported only when a replay plays.
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
  failed: "The recording failed: there is no replay.",
};

/**
 * The replay of an ended stream: asks for it, waits while it is processed (re-asking every 5 s), then plays it.
 * `destroy` stops the polling and the player (and frees hls.js); call it when leaving the view.
 */
export function replayPlayer(streamId: string, onReplay?: (replay: Replay) => void): { element: HTMLElement; destroy: () => void } {
  const state = h("p", { class: "replay-state", "data-testid": "replay-state" }, "Looking for a replay…");
  const element = h("div", { class: "replay", "data-testid": "replay" }, state);
  let hls: Hls | null = null;
  let video: HTMLVideoElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;

  const say = (text: string, kind: string) => {
    state.textContent = text;
    state.dataset.state = kind;
  };

  async function load() {
    if (destroyed) return;
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
          const status = String(error.extensions.status ?? "processing").toLowerCase();
          say(notReadyText[status] ?? `The replay is not ready yet (${status}).`, `not-ready-${status}`);
          if (status !== "failed") timer = setTimeout(load, 5000);
          return;
        }
        case "replay-not-found": return say("This stream was not recorded: there is no replay.", "not-found");
        case "blocked": return say("You are blocked from this stream: its replay is not available to you.", "blocked");
        default: return say(`Could not load the replay: ${error.detail || error.title}`, "error");
      }
    }
  }

  async function play(replay: Replay) {
    video = h("video", { class: "video", "data-testid": "replay-player", controls: true, playsinline: true, muted: true });
    video.muted = true; // the attribute alone does not mute a script-created element
    const info = h("p", { class: "replay-info", "data-testid": "replay-info" },
      `▶ Replay · ${formatDuration(replay.durationSeconds)} · ${formatBytes(replay.sizeBytes)} · recorded ${new Date(replay.recordedAt).toLocaleString()}`);
    if (replay.mp4Url) info.append(" · ", h("a", { href: replay.mp4Url, download: "", "data-testid": "replay-mp4" }, "Download MP4"));
    say("", "ready");
    element.replaceChildren(h("div", { class: "stage replay-stage" }, video), info, state);

    const { default: HlsJs } = await import("hls.js");
    if (destroyed) return;
    if (HlsJs.isSupported()) {
      const player = new HlsJs();
      let recovered = false;
      player.on(HlsJs.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        if (data.type === HlsJs.ErrorTypes.MEDIA_ERROR && !recovered) {
          recovered = true;
          player.recoverMediaError();
          return;
        }
        say(`The replay cannot be played: ${data.details}.`, "error");
        player.destroy();
        if (hls === player) hls = null;
      });
      player.loadSource(replay.playlistUrl);
      player.attachMedia(video);
      hls = player;
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = replay.playlistUrl;
    } else if (replay.mp4Url) {
      video.src = replay.mp4Url;
    } else {
      say("This browser cannot play the replay (no HLS support).", "unsupported");
    }
  }

  void load();
  return {
    element,
    destroy: () => {
      destroyed = true;
      clearTimeout(timer);
      hls?.destroy();
      hls = null;
      if (video) {
        video.pause();
        video.removeAttribute("src");
        video.load();
      }
    },
  };
}
