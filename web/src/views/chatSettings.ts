// The owner's chat settings on Go Live: slow mode, chat on/off, established users, blocked words and moderators.
import { api } from "../api";
import { h } from "../dom";

const choices = (testId: string, values: number[], label: (value: number) => string) =>
  h("select", { "data-testid": testId }, ...values.map((value) => h("option", { value: String(value) }, label(value))));

export function chatSettingsForm(streamId: string, notice: (text: string) => void): HTMLElement {
  const slowMode = choices("slow-mode", [0, 10, 30, 60, 300], (s) => (s === 0 ? "Slow mode off" : `One message every ${s} s`));
  const established = choices("established-minutes", [0, 5, 10, 30], (m) => (m === 0 ? "Everyone may chat" : `Only viewers here for ${m} min`));
  const chatEnabled = h("input", { type: "checkbox", "data-testid": "chat-enabled", checked: true });
  const words = h("textarea", { "data-testid": "blocked-words", rows: "2", placeholder: "Blocked words, one per line (max 200)" });
  const moderator = h("input", { "data-testid": "moderator-id", placeholder: "user id" });
  const moderators = h("span", { class: "moderators", "data-testid": "moderator-list" });
  const status = h("p", { class: "message", "data-testid": "chat-settings-status", role: "status" });

  const failed = (error: unknown) => {
    status.textContent = `Not saved: ${(error as Error).message}`;
    status.className = "message error";
  };

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      // Words first: every change reaches the chat with the whole settings, so once the rules apply, the words do too.
      const list = words.value.split("\n").map((word) => word.trim()).filter(Boolean);
      await api.setBlockedWords(streamId, list);
      await api.changeChatSettings(streamId, {
        slowModeSeconds: Number(slowMode.value),
        chatEnabled: chatEnabled.checked,
        establishedMinutes: Number(established.value),
      });
      status.textContent = "Chat settings saved.";
      status.className = "message info";
    } catch (error) {
      failed(error);
    }
  };

  const appoint = async () => {
    const userId = moderator.value.trim();
    if (!userId) return;
    try {
      const { moderatorIds } = await api.appointModerator(streamId, userId);
      moderators.textContent = moderatorIds.join(", ");
      moderator.value = "";
      notice(`${userId} is now a moderator.`);
    } catch (error) {
      failed(error);
    }
  };

  return h("form", { class: "chat-settings", "data-testid": "chat-settings", onsubmit: save },
    h("h2", {}, "Chat settings"),
    h("label", {}, slowMode),
    h("label", {}, chatEnabled, " Chat on"),
    h("label", {}, established),
    words,
    h("button", { type: "submit", class: "primary", "data-testid": "save-chat-settings" }, "Save chat settings"),
    h("div", { class: "moderator-form" }, moderator,
      h("button", { type: "button", "data-testid": "appoint-moderator", onclick: () => void appoint() }, "Make moderator"),
      h("span", {}, " Moderators: "), moderators),
    status);
}
