// Go Live: camera and microphone preview, going live (optionally recorded), moderating the chat (and its settings,
// blocked words and moderators), the recording status, an external encoder (RTMP or WHIP ingress), ending the stream.
import { createLocalTracks, DisconnectReason, LocalTrack, Room, RoomEvent, Track } from "livekit-client";
import { api, ApiError, StartedStream } from "../api";
import { ChatRoom } from "../chat";
import { h, mount } from "../dom";
import { session } from "../session";
import { chatPanel, describeRefusal } from "./chatPanel";
import { viewersChart } from "./charts";
import { chatSettingsForm } from "./chatSettings";
import { ingressPanel } from "./ingress";
import { recordingPanel } from "./recording";
import { stagePanel, StagePanel } from "./stage";

export function goLive(root: HTMLElement): () => void {
  let tracks: LocalTrack[] = [];
  let media: Room | null = null;
  let chat: ChatRoom | null = null;
  let live: StartedStream | null = null;
  let recording: ReturnType<typeof recordingPanel> | null = null;
  let ingress: ReturnType<typeof ingressPanel> | null = null;
  let stageUi: StagePanel | null = null;
  /** Whether the stream has an external encoder (ingress): LiveKit publishes it as the owner, replacing this browser. */
  let hasIngress = false;
  /** Set once this page disconnects from LiveKit itself (stream ended, view left): that disconnection is expected. */
  let disconnecting = false;
  let mediaLost = false;

  const preview = h("video", { class: "video", autoplay: true, playsinline: true, muted: true, "data-testid": "preview" });
  const badge = h("span", { class: "badge live hidden", "data-testid": "live-badge" }, "LIVE");
  const viewers = h("span", { class: "badge viewers hidden", "data-testid": "owner-viewers" }, "👁 0");
  const message = h("p", { class: "message", "data-testid": "golive-message", role: "status" });
  const titleInput = h("input", { "data-testid": "title-input", placeholder: "What is your pet up to?", maxlength: "120" });
  const tagsInput = h("input", { "data-testid": "tags-input", placeholder: "Tags: dogs, beach" });
  const recordInput = h("input", { type: "checkbox", "data-testid": "record-stream" });
  const micButton = h("button", { type: "button", "data-testid": "toggle-mic", onclick: () => toggle(Track.Kind.Audio, micButton, "Mic") }, "Mute mic");
  const camButton = h("button", { type: "button", "data-testid": "toggle-camera", onclick: () => toggle(Track.Kind.Video, camButton, "Camera") }, "Stop camera");
  const startButton = h("button", { type: "button", class: "primary", "data-testid": "go-live", onclick: () => void start() }, "Go live");
  const endButton = h("button", { type: "button", class: "danger hidden", "data-testid": "end-stream", onclick: () => void stop() }, "End stream");
  const panel = chatPanel();
  panel.element.classList.add("hidden");
  const settings = h("div", { class: "chat-settings-slot" });
  const extras = h("div", { class: "live-extras" });
  const liveChart = h("div", { class: "live-chart", "data-testid": "live-viewers-chart" });
  let chartTimer: ReturnType<typeof setInterval> | undefined;
  const form = h("div", { class: "golive-form" }, titleInput, tagsInput,
    h("label", { class: "record-toggle" }, recordInput, " Record this stream (a replay for your viewers afterwards)"));
  const stage = h("div", { class: "stage" }, preview, h("div", { class: "stage-top" }, badge, viewers), panel.element);
  mount(root, h("section", { class: "golive" }, h("h1", {}, "Go Live"), stage,
    h("div", { class: "controls" }, micButton, camButton, startButton, endButton), form, message, extras, liveChart, settings));

  const show = (text: string, kind: "info" | "error" = "info") => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };

  async function toggle(kind: Track.Kind, button: HTMLButtonElement, label: string) {
    const track = tracks.find((t) => t.kind === kind);
    if (!track) return;
    if (track.isMuted) {
      await track.unmute();
      button.textContent = kind === Track.Kind.Audio ? `Mute ${label.toLowerCase()}` : `Stop ${label.toLowerCase()}`;
    } else {
      await track.mute();
      button.textContent = kind === Track.Kind.Audio ? `Unmute ${label.toLowerCase()}` : `Start ${label.toLowerCase()}`;
    }
  }

  async function start() {
    if (!session.token) {
      show("Sign in first.", "error");
      return;
    }
    startButton.disabled = true;
    show("Starting your stream…");
    try {
      const tags = tagsInput.value.split(",").map((tag) => tag.trim()).filter(Boolean);
      live = await api.start(titleInput.value.trim(), tags, recordInput.checked);
    } catch (error) {
      startButton.disabled = false;
      if (!(error instanceof ApiError)) return show(`Could not start: ${(error as Error).message}`, "error");
      switch (error.kind) {
        case "go-live-disabled": return show("Going live is switched off right now. Watching still works.", "error");
        case "rate-limited": return show(`You started too often. Try again in ${error.retryAfterSeconds ?? 10} s.`, "error");
        case "already-live": return show("You are already live on another device. End that stream first.", "error");
        case "recording-not-configured":
          return show(error.detail || "Recording is not available on this server. Untick “Record this stream” to go live.", "error");
        default: return show(error.detail || error.title, "error");
      }
    }

    badge.classList.remove("hidden");
    viewers.classList.remove("hidden");
    startButton.classList.add("hidden");
    endButton.classList.remove("hidden");
    form.classList.add("hidden");
    panel.element.classList.remove("hidden");
    panel.moderate(live.streamId);
    settings.replaceChildren(chatSettingsForm(live.streamId, (text) => panel.notice(text)));
    recording = recordingPanel(live.streamId, live.recording, recordInput.checked);
    ingress = ingressPanel(live.streamId, () => (hasIngress = true));
    stageUi = stagePanel(live.streamId);
    const stageBox = stageUi;
    extras.replaceChildren(stageUi.element, recording.element, ingress.element);
    show("You are live!");
    // The concurrent-viewers curve as it grows, redrawn every 10 s.
    const streamId = live.streamId;
    const drawChart = async () => {
      try {
        liveChart.replaceChildren(viewersChart(await api.stats(streamId, 10)));
      } catch {
        // the next tick tries again
      }
    };
    void drawChart();
    chartTimer = setInterval(drawChart, 10000);

    const joined = await ChatRoom.join(live.roomName, {
      message: (m) => panel.add(m),
      deleted: (id) => panel.remove(id),
      reaction: (emoji) => panel.floatReaction(emoji),
      viewers: (count) => (viewers.textContent = `👁 ${count}`),
      ended: () => finish("Your stream has ended."),
      error: (e) => {
        if (e.reason !== "room-not-live") panel.notice(describeRefusal(e)); // the join retries those by itself
      },
      settings: (rules) => panel.setRules(rules),
      pinned: (pinned) => panel.setPinned(pinned),
      stage: (update) => stageBox.update(update),
    });
    chat = joined.room;
    panel.attach(joined.room);
    panel.setRules(joined.settings);
    panel.setPinned(joined.pinned);
    if (joined.stage) stageBox.update(joined.stage);

    media = new Room();
    try {
      await media.connect(live.url, live.token, { maxRetries: 0, websocketTimeout: 5000 });
      // LiveKit drops this publisher when another joins with the owner's identity (an external encoder through the
      // ingress), or when the connection is lost for good. The stream stays live (the encoder, the chat): say so.
      media.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        if (disconnecting) return;
        mediaLost = true;
        show(hasIngress || reason === DisconnectReason.DUPLICATE_IDENTITY
          ? "Your camera is no longer broadcast: an external encoder is publishing as you. You are still live; chat works."
          : "Disconnected from LiveKit: your camera is no longer broadcast. You are still live; chat works.", "error");
        message.dataset.state = "media-disconnected";
      });
      for (const track of tracks) await media.localParticipant.publishTrack(track);
    } catch {
      if (!mediaLost) show("You are live, but LiveKit is unreachable: your camera is not being broadcast. Chat works.", "error");
    }
  }

  async function stop() {
    if (!live) return;
    endButton.disabled = true;
    await api.stop(live.streamId);
    finish("Your stream has ended. 🐾");
  }

  function finish(text: string) {
    badge.classList.add("hidden");
    endButton.classList.add("hidden");
    panel.disable(text);
    settings.replaceChildren();
    clearInterval(chartTimer);
    recording?.ended();
    ingress?.ended();
    stageUi?.ended();
    if (live) {
      liveChart.replaceChildren(h("a", { href: `#/stats/${live.streamId}`, "data-testid": "stats-link" }, "📈 See how your stream did"));
    }
    show(text);
    message.dataset.testid = "golive-ended";
    disconnecting = true;
    void media?.disconnect();
  }

  (async () => {
    try {
      tracks = await createLocalTracks({ audio: true, video: { resolution: { width: 640, height: 360 } } });
      tracks.find((t) => t.kind === Track.Kind.Video)?.attach(preview);
    } catch (error) {
      show(`Camera or microphone unavailable: ${(error as Error).message}. You can still go live with chat.`, "error");
    }
  })();

  return () => {
    clearInterval(chartTimer);
    recording?.destroy();
    ingress?.destroy();
    tracks.forEach((track) => track.stop());
    void chat?.leave();
    disconnecting = true;
    void media?.disconnect();
  };
}
