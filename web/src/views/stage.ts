// Co-host playdates (the stage): the owner invites viewers on stage, a viewer raises a paw; when both hold, the viewer
// is a guest whose LiveKit token allows publishing camera and microphone. `stageControls` is the viewer's side in Watch
// (raise or lower a paw, join, the own camera while on stage, leave); `stagePanel` is the owner's side in Go Live
// (raised paws with Invite, invited users, guests with Remove). Both take the stage whole from `stage:updated`, the
// JoinRoom result and every action's response.
import { ConnectionState, Room } from "livekit-client";
import { api, ApiError, StageState } from "../api";
import { h } from "../dom";
import { session } from "../session";

const noStage: StageState = { guests: [], invited: [], requests: [] };

/** A stage refusal as a person reads it. */
function describeStageError(error: unknown): string {
  if (!(error instanceof ApiError)) return (error as Error).message;
  switch (error.kind) {
    case "blocked": return "You are blocked from this stream.";
    case "stage-not-allowed": return error.detail || "This user cannot go on stage right now (timed out).";
    case "stage-full": return error.detail || `The stage is full (at most ${error.extensions.maxGuests ?? "?"} guests).`;
    case "stream-ended": return "The stream has ended.";
    case "user-not-watching": return error.detail || "That user is not watching this stream.";
    default: return error.detail || error.title || error.message;
  }
}

const guestsText = (guests: string[]) => (guests.length ? `🎤 On stage: ${guests.join(", ")}` : "🎤 No guests on stage");

export interface StageControls {
  element: HTMLElement;
  update(stage: StageState): void;
  /** The stream is over or the viewer was removed: no more stage actions; the camera stops. */
  disable(): void;
  destroy(): void;
}

/** The viewer's side. `media` is the viewer's LiveKit room, when connected: the guest's camera is published there. */
export function stageControls(streamId: string, ownerId: string, media: () => Room | null): StageControls {
  const me = session.userId;
  const guestsLine = h("p", { class: "stage-guests", "data-testid": "stage-guests" }, guestsText([]));
  const actions = h("div", { class: "stage-actions" });
  const message = h("p", { class: "message", "data-testid": "stage-message", role: "status" });
  const camera = h("video", { class: "guest-camera", "data-testid": "guest-camera", autoplay: true, muted: true, playsinline: true });
  camera.muted = true;
  const element = h("section", { class: "stage-box", "data-testid": "stage-controls" }, guestsLine, actions, message);
  let current: StageState = noStage;
  let disabled = false;
  let busy = false;
  /** What the actions show now ("guest", "requested", "invited", "none", "off"): rebuilt only when it changes. */
  let mode = "";
  /** The guest's camera and microphone, while on stage. */
  let local: { stream: MediaStream | null; tracks: MediaStreamTrack[]; cancelled: boolean } | null = null;

  const show = (text: string, kind: "info" | "error" = "info") => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };

  const act = (action: () => Promise<{ guests: string[]; invited: string[]; requests: string[] }>) => async () => {
    if (busy) return;
    busy = true;
    show("");
    try {
      update(await action());
    } catch (error) {
      show(describeStageError(error), "error");
    } finally {
      busy = false;
    }
  };
  const button = (testId: string, text: string, onclick: () => void, kind = "") =>
    h("button", { type: "button", class: kind, "data-testid": testId, onclick }, text);

  async function startCamera() {
    if (local) return;
    const mine: { stream: MediaStream | null; tracks: MediaStreamTrack[]; cancelled: boolean } = { stream: null, tracks: [], cancelled: false };
    local = mine;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true });
      if (mine.cancelled) return stream.getTracks().forEach((track) => track.stop());
      mine.stream = stream;
      camera.srcObject = stream;
      void camera.play().catch(() => {});
    } catch (error) {
      if (!mine.cancelled) show(`Camera or microphone unavailable: ${(error as Error).message}`, "error");
      return;
    }
    const room = media();
    if (!room || room.state !== ConnectionState.Connected) {
      show("On stage — your camera is shown here; it reaches viewers once LiveKit is connected.");
      return;
    }
    try {
      for (const track of mine.stream.getTracks()) {
        if (mine.cancelled) return;
        await room.localParticipant.publishTrack(track);
        mine.tracks.push(track);
      }
      show("On stage — viewers see and hear you. 🐾");
    } catch (error) {
      show(`On stage — your camera is shown here; it reaches viewers once LiveKit is connected (${(error as Error).message}).`);
    }
  }

  function stopCamera() {
    if (!local) return;
    const mine = local;
    local = null;
    mine.cancelled = true;
    const room = media();
    for (const track of mine.tracks) void room?.localParticipant.unpublishTrack(track, false).catch(() => {});
    mine.stream?.getTracks().forEach((track) => track.stop());
    camera.srcObject = null;
  }

  function update(stage: StageState) {
    current = { guests: stage.guests ?? [], invited: stage.invited ?? [], requests: stage.requests ?? [] };
    guestsLine.textContent = guestsText(current.guests);
    const next = disabled || !me || me === ownerId ? "off"
      : current.guests.includes(me) ? "guest" : current.requests.includes(me) ? "requested" : current.invited.includes(me) ? "invited" : "none";
    if (next === mode) return;
    mode = next;
    if (next === "off") {
      actions.replaceChildren();
      stopCamera();
      return;
    }
    if (!me) return;
    if (next === "guest") {
      actions.replaceChildren(h("div", { class: "on-stage" },
        h("strong", { "data-testid": "on-stage" }, "You're on stage 🐾"),
        button("leave-stage", "Leave stage", act(() => api.leaveStage(streamId, me)))), camera);
      void startCamera();
      return;
    }
    const wasOnStage = local !== null;
    stopCamera();
    if (wasOnStage) show("You left the stage.");
    else if (message.textContent?.startsWith("On stage")) show("");
    if (next === "requested") {
      actions.replaceChildren(h("span", { class: "paw-raised", "data-testid": "paw-raised" }, "Paw raised ✋ waiting for the owner…"),
        button("lower-paw", "Lower paw", act(() => api.leaveStage(streamId, me))));
    } else if (next === "invited") {
      actions.replaceChildren(h("span", {}, "The owner invited you on stage!"),
        button("raise-paw", "Join the stage 🐾", act(() => api.raisePaw(streamId)), "primary"),
        button("decline-stage", "No thanks", act(() => api.leaveStage(streamId, me))));
    } else {
      actions.replaceChildren(button("raise-paw", "Raise paw 🐾", act(() => api.raisePaw(streamId))));
    }
  }

  update(noStage);

  return {
    element,
    update,
    disable() {
      disabled = true;
      update(current);
    },
    destroy() {
      disabled = true;
      stopCamera();
    },
  };
}

export interface StagePanel {
  element: HTMLElement;
  update(stage: StageState): void;
  ended(): void;
}

/** The owner's side in Go Live. */
export function stagePanel(streamId: string): StagePanel {
  const limit = h("span", { class: "stage-limit", "data-testid": "stage-max" });
  const requests = h("ul", { class: "stage-list", "data-testid": "stage-requests" });
  const invited = h("ul", { class: "stage-list", "data-testid": "stage-invited" });
  const guests = h("ul", { class: "stage-list", "data-testid": "stage-guests-list" });
  const message = h("p", { class: "message", "data-testid": "stage-status", role: "status" });
  const element = h("div", { class: "stage-panel", "data-testid": "stage-panel" },
    h("h2", {}, "Stage 🐾 ", limit),
    h("h3", {}, "Raised paws"), requests,
    h("h3", {}, "Invited"), invited,
    h("h3", {}, "On stage"), guests,
    message);
  let live = true;

  const show = (text: string, kind: "info" | "error" = "info") => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };
  /** `what` names the action ("invite x"), `done` says it happened ("Invited x"). */
  const act = (what: string, done: string, action: () => Promise<StageState & { maxGuests?: number }>) => async () => {
    try {
      const stage = await action();
      if (typeof stage.maxGuests === "number") setMax(stage.maxGuests);
      update(stage);
      show(done);
    } catch (error) {
      if (error instanceof ApiError && typeof error.extensions.maxGuests === "number") setMax(error.extensions.maxGuests);
      show(`Could not ${what}: ${describeStageError(error)}`, "error");
    }
  };
  const setMax = (max: number) => (limit.textContent = `· max ${max} guest${max === 1 ? "" : "s"}`);
  const row = (testId: string, userId: string, ...buttons: HTMLButtonElement[]) =>
    h("li", { class: "stage-row", "data-testid": testId, "data-stage-user": userId }, h("span", { class: "stage-user" }, userId), ...buttons);
  const button = (testId: string, text: string, onclick: () => void) =>
    h("button", { type: "button", "data-testid": testId, disabled: !live, onclick }, text);
  const empty = (text: string) => h("li", { class: "stage-empty" }, text);

  function update(stage: StageState) {
    const r = stage.requests ?? [], i = stage.invited ?? [], g = stage.guests ?? [];
    requests.replaceChildren(...(r.length ? r.map((userId) => row("stage-request", userId,
      button("stage-invite", "Invite", act(`invite ${userId}`, `Invited ${userId}`, () => api.inviteToStage(streamId, userId))),
      button("stage-dismiss", "Dismiss", act(`dismiss ${userId}`, `Dismissed ${userId}`, () => api.leaveStage(streamId, userId))))) : [empty("No raised paws yet.")]));
    invited.replaceChildren(...(i.length ? i.map((userId) => row("stage-invited-user", userId,
      button("stage-withdraw", "Withdraw", act(`withdraw the invitation of ${userId}`, `Withdrew the invitation of ${userId}`, () => api.leaveStage(streamId, userId))))) : [empty("Nobody invited.")]));
    guests.replaceChildren(...(g.length ? g.map((userId) => row("stage-guest", userId,
      button("stage-remove", "Remove", act(`remove ${userId} from the stage`, `Removed ${userId} from the stage`, () => api.leaveStage(streamId, userId))))) : [empty("No guests on stage.")]));
  }

  update(noStage);
  void api.stage(streamId).then((stage) => {
    setMax(stage.maxGuests);
    update(stage);
  }, () => {});

  return {
    element,
    update,
    ended() {
      live = false;
      element.querySelectorAll("button").forEach((b) => (b.disabled = true));
      show("The stream has ended.");
    },
  };
}
