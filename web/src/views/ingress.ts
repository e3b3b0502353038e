// Go Live's external encoder section: a LiveKit Ingress for the stream, so OBS, ffmpeg or a hardware encoder can
// publish over RTMP or WHIP instead of this browser's camera. Shows the URL and stream key to paste into the encoder,
// and whether the encoder is publishing, re-read every 5 s for as long as the stream is live and the view is shown: an
// ingress is reusable, so an encoder that disconnected ("ended") may reconnect and publish again.
import { api, ApiError, Ingress, IngressType } from "../api";
import { h } from "../dom";

const pollMs = 5000;

const statusText: Record<Ingress["status"], string> = {
  waiting: "Encoder: waiting for your encoder to connect…",
  publishing: "Encoder: publishing 🎥",
  ended: "Encoder: disconnected. Reconnect it with the same settings to publish again.",
};

const streamEndedText = "Encoder: the stream has ended";

async function copy(text: string, button: HTMLButtonElement, field: HTMLElement) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied ✓";
  } catch {
    // No clipboard (an insecure origin): select the text so that Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(field);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    button.textContent = "Selected: press Ctrl+C";
  }
  setTimeout(() => (button.textContent = label), 2000);
}

/** `onIngress` is told when the stream has an ingress (created here, or earlier in another tab). */
export function ingressPanel(streamId: string, onIngress?: (ingress: Ingress) => void): { element: HTMLElement; ended: () => void; destroy: () => void } {
  const type = h("select", { "data-testid": "ingress-type" },
    h("option", { value: "rtmp" }, "RTMP (OBS, ffmpeg…)"),
    h("option", { value: "whip" }, "WHIP (WebRTC)"));
  const createButton = h("button", { type: "button", "data-testid": "create-ingress", onclick: () => void create() }, "Create encoder endpoint");
  const message = h("p", { class: "message", "data-testid": "ingress-message", role: "status" },
    "Stream from an external encoder instead of this browser's camera.");
  const details = h("div", { class: "ingress-details hidden", "data-testid": "ingress-details" });
  const element = h("div", { class: "ingress", "data-testid": "ingress" }, h("h2", {}, "External encoder"),
    h("div", { class: "ingress-row" }, type, createButton), message, details);
  let status: HTMLElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  let live = true;

  const show = (text: string, kind: "info" | "error" = "info") => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };

  const field = (label: string, testId: string, value: string) => {
    const code = h("code", { "data-testid": testId }, value);
    const button = h("button", { type: "button", "data-testid": `copy-${testId}`, onclick: () => void copy(value, button, code) }, "Copy");
    return h("div", { class: "ingress-row" }, h("span", { class: "label" }, label), code, button);
  };

  function render(ingress: Ingress) {
    status = h("p", { class: "ingress-status", "data-testid": "ingress-status", "data-status": ingress.status }, statusText[ingress.status] ?? `Encoder: ${ingress.status}`);
    details.replaceChildren(
      field(ingress.type === "whip" ? "WHIP URL" : "Server URL", "ingress-url", ingress.url),
      field(ingress.type === "whip" ? "Bearer token" : "Stream key", "ingress-stream-key", ingress.streamKey),
      status);
    details.classList.remove("hidden");
    type.value = ingress.type;
    type.disabled = true;
    createButton.classList.add("hidden");
    show((ingress.type === "whip"
      ? "Point your WHIP encoder at this URL with this bearer token. Keep the token secret."
      : "In your encoder, set this server URL and stream key. Keep the key secret.")
      + " Once your encoder connects, it replaces this browser's camera: it publishes as you.");
    onIngress?.(ingress);
  }

  const schedule = () => {
    clearTimeout(timer);
    if (!destroyed && live) timer = setTimeout(() => void poll(), pollMs);
  };

  async function poll() {
    clearTimeout(timer);
    if (destroyed || !live) return;
    try {
      const ingress = await api.ingress(streamId);
      if (destroyed || !live) return;
      if (status) {
        status.textContent = statusText[ingress.status] ?? `Encoder: ${ingress.status}`;
        status.dataset.status = ingress.status;
      } else render(ingress);
      schedule(); // even when ended: the encoder may reconnect
    } catch (error) {
      if (destroyed || !live) return;
      if (error instanceof ApiError && error.kind === "ingress-not-found") return;
      schedule();
    }
  }

  async function create() {
    createButton.disabled = true;
    show("Creating the encoder endpoint…");
    try {
      render(await api.createIngress(streamId, type.value as IngressType));
      schedule();
    } catch (error) {
      createButton.disabled = false;
      if (!(error instanceof ApiError)) return show(`Could not create the encoder endpoint: ${(error as Error).message}`, "error");
      switch (error.kind) {
        case "ingress-exists": return void poll(); // made earlier (another tab?): show that one
        case "stream-ended": return show("The stream has ended.", "error");
        case "ingress-unavailable": return show(error.detail || "External encoders are not available right now.", "error");
        default: return show(error.detail || error.title, "error");
      }
    }
  }

  return {
    element,
    ended: () => {
      live = false;
      clearTimeout(timer);
      createButton.disabled = true;
      type.disabled = true;
      if (status) {
        status.textContent = streamEndedText;
        status.dataset.status = "ended";
      } else show("The stream has ended.");
    },
    destroy: () => {
      destroyed = true;
      clearTimeout(timer);
    },
  };
}
