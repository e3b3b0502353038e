// Watch: the video (2/3 of the screen) with the chat over it, reactions, the live viewer count and a report button;
// a moderator of the stream also gets the moderation controls in the chat. While the stream is being recorded, "Rewind"
// plays the recording's HLS live playlist (seekable back to the start) in place of the live video, and "Back to live"
// returns. An ended stream shows its replay, if any.
import { Room, RoomEvent, Track } from "livekit-client";
import { api, ApiError } from "../api";
import { ChatRoom } from "../chat";
import { h, mount } from "../dom";
import { session } from "../session";
import { chatPanel, describeRefusal } from "./chatPanel";
import { playHls, replayPlayer } from "./replay";
import { stageControls, StageControls } from "./stage";

export function watch(root: HTMLElement, streamId: string): () => void {
  let media: Room | null = null;
  let chat: ChatRoom | null = null;
  let replay: ReturnType<typeof replayPlayer> | null = null;
  let left = false;
  /** The stage (co-hosts): raise a paw, the own camera while on stage. Created once the watch ticket names the owner. */
  let stageUi: StageControls | null = null;
  const stageSlot = h("div", { class: "stage-slot" });
  const guestTiles = h("div", { class: "guest-tiles", "data-testid": "guest-tiles" });
  const video = h("video", { class: "video", autoplay: true, playsinline: true, muted: true });
  const videoStatus = h("p", { class: "video-status", "data-testid": "video-status" }, "Connecting to the stream…");
  const viewers = h("span", { class: "badge viewers", "data-testid": "live-viewers" }, "👁 0");
  const title = h("h1", { class: "stream-title" });
  const liveBadge = h("span", { class: "badge live" }, "LIVE");
  const state = h("div", { class: "state", "data-testid": "watch-state" });
  const panel = chatPanel();
  const reportButton = h("button", { type: "button", class: "report", "data-testid": "report-stream", onclick: () => void report() }, "🚩 Report");
  const rewindButton = h("button", { type: "button", class: "rewind hidden", "data-testid": "rewind-live", onclick: () => void toggleRewind() }, "⏪ Rewind");
  const stage = h("div", { class: "stage" }, video, videoStatus, h("div", { class: "stage-top" }, liveBadge, viewers), guestTiles, panel.element);
  mount(root, h("section", { class: "watch" }, h("div", { class: "watch-head" }, title, rewindButton, reportButton), stage, stageSlot, state));

  // Rewinding: the recording's live playlist through hls.js, in a second video that replaces the live one meanwhile.
  let livePlaylistUrl: string | null = null;
  let rewind: { video: HTMLVideoElement; stop: (() => void) | null } | null = null;

  function backToLive(notice?: string) {
    if (rewind) {
      rewind.stop?.();
      rewind.video.pause();
      rewind.video.removeAttribute("src");
      rewind.video.load();
      rewind.video.remove();
      rewind = null;
    }
    video.classList.remove("hidden");
    liveBadge.textContent = "LIVE";
    rewindButton.textContent = "⏪ Rewind";
    rewindButton.dataset.state = "live";
    if (notice) panel.notice(notice);
  }

  async function toggleRewind() {
    if (rewind) return backToLive();
    if (!livePlaylistUrl) return;
    const player = h("video", { class: "video", "data-testid": "rewind-player", controls: true, autoplay: true, playsinline: true });
    const current: { video: HTMLVideoElement; stop: (() => void) | null } = { video: player, stop: null };
    rewind = current;
    video.classList.add("hidden");
    video.after(player);
    liveBadge.textContent = "⏪ REWIND";
    rewindButton.textContent = "Back to live";
    rewindButton.dataset.state = "rewind";
    const stop = await playHls(player, livePlaylistUrl, (text) => {
      if (rewind === current) backToLive(`Rewind is unavailable: ${text}.`);
    });
    if (rewind === current) current.stop = stop;
    else stop(); // back to live (or left) while hls.js was loading
  }

  async function report() {
    const reason = prompt("What is wrong with this stream?", "Not about pets");
    if (!reason) return;
    try {
      await api.report(streamId, reason);
      panel.notice("Thanks: an admin will look at your report.");
    } catch (error) {
      panel.notice(`Could not report: ${(error as Error).message}`);
    }
  }

  const end = (message: string, testId: string) => {
    backToLive();
    rewindButton.classList.add("hidden");
    state.textContent = message;
    state.dataset.testid = testId;
    stage.classList.add("over");
    liveBadge.classList.add("hidden");
    panel.disable(message);
    stageUi?.disable();
    void media?.disconnect();
  };

  // The stream is over when the viewer arrives: instead of the live stage, its replay (or why there is none).
  const showReplay = async () => {
    const stream = await api.stream(streamId).catch(() => null);
    if (left) return;
    if (stream) title.textContent = stream.title ?? "Untitled stream";
    state.textContent = "This stream has ended.";
    state.dataset.testid = "stream-ended";
    replay = replayPlayer(streamId, (found) => (title.textContent = found.title ?? title.textContent));
    stage.replaceWith(replay.element);
    stageSlot.remove();
  };

  (async () => {
    if (!session.token) {
      end("Sign in to watch and chat.", "sign-in-required");
      return;
    }
    try {
      const ticket = await api.watch(streamId);
      title.textContent = ticket.title ?? "Untitled stream";
      viewers.textContent = `👁 ${ticket.viewers}`;
      livePlaylistUrl = ticket.livePlaylistUrl ?? null;
      rewindButton.classList.toggle("hidden", !livePlaylistUrl);
      // The moderators list answers only the owner, its moderators and admins: whoever may read it moderates.
      if (await api.moderators(streamId).then(() => true, () => false)) panel.moderate(streamId);
      if (left) return;
      const controls = stageControls(streamId, ticket.ownerId, () => media);
      stageUi = controls;
      stageSlot.replaceChildren(controls.element);

      const joined = await ChatRoom.join(ticket.roomName, {
        message: (message) => panel.add(message),
        deleted: (id) => panel.remove(id),
        reaction: (emoji) => panel.floatReaction(emoji),
        viewers: (count) => (viewers.textContent = `👁 ${count}`),
        ended: () => end("This stream has ended. Thanks for watching! 🐾", "stream-ended"),
        error: (error) => {
          if (error.reason === "blocked") end("You were removed from this stream.", "removed");
          else if (error.reason !== "room-not-live") panel.notice(describeRefusal(error)); // the join retries those by itself
        },
        settings: (rules) => panel.setRules(rules),
        pinned: (pinned) => panel.setPinned(pinned),
        stage: (update) => controls.update(update),
      });
      chat = joined.room;
      panel.attach(joined.room);
      panel.setRules(joined.settings);
      panel.setPinned(joined.pinned);
      joined.history.forEach((message) => panel.add(message));
      viewers.textContent = `👁 ${joined.viewers}`;
      if (joined.stage) controls.update(joined.stage);
      else void api.stage(streamId).then((found) => controls.update(found), () => {});

      media = new Room();
      media.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
        if (track.kind !== Track.Kind.Video && track.kind !== Track.Kind.Audio) return;
        if (participant.identity === ticket.ownerId) {
          track.attach(video);
          videoStatus.textContent = "";
        } else {
          // A guest on stage: their own small tile beside the owner's video.
          const tile = track.kind === Track.Kind.Video
            ? h("video", { class: "guest-tile", autoplay: true, playsinline: true, muted: true, "data-guest": participant.identity })
            : h("audio", { autoplay: true, "data-guest": participant.identity });
          track.attach(tile);
          guestTiles.append(tile);
        }
      });
      media.on(RoomEvent.TrackUnsubscribed, (track) => track.detach().forEach((element) => {
        if (element.parentElement === guestTiles) element.remove();
      }));
      try {
        await media.connect(ticket.url, ticket.token, { maxRetries: 0, websocketTimeout: 5000 });
        videoStatus.textContent = "Waiting for the owner's camera…";
      } catch {
        videoStatus.textContent = "Video is unavailable right now (LiveKit unreachable). Chat still works.";
      }
    } catch (error) {
      if (error instanceof ApiError && error.kind === "blocked") end("You are blocked from this stream.", "removed");
      else if (error instanceof ApiError && error.kind === "stream-ended") await showReplay();
      else if (error instanceof ApiError && (await api.stream(streamId).then((stream) => !stream.isLive, () => false))) await showReplay();
      else end(`Could not open the stream: ${(error as Error).message}`, "watch-error");
    }
  })();

  return () => {
    left = true;
    backToLive();
    replay?.destroy();
    stageUi?.destroy();
    void chat?.leave();
    void media?.disconnect();
  };
}
