// The chat column shared by Watch and Go Live: messages, reactions, the pinned message and the room's rules; for the
// owner and moderators also the controls on each message (delete, time out, block, pin).
import { api, PinnedMessage } from "../api";
import { ChatMessage, ChatRoom, ChatRules, reactions } from "../chat";
import { h } from "../dom";
import { session } from "../session";

export interface ChatPanel {
  element: HTMLElement;
  add(message: ChatMessage): void;
  remove(messageId: string): void;
  floatReaction(emoji: string): void;
  notice(text: string): void;
  attach(room: ChatRoom): void;
  disable(reason: string): void;
  setPinned(pinned: PinnedMessage | null): void;
  setRules(rules: ChatRules | null): void;
  /** Shows the moderation controls on every message (the caller moderates this stream). */
  moderate(streamId: string): void;
}

const timeoutSeconds = 300;

export function chatPanel(): ChatPanel {
  let room: ChatRoom | null = null;
  let moderatedStreamId: string | null = null;
  const list = h("ol", { class: "messages", "data-testid": "chat-messages", "aria-live": "polite" });
  const pinnedBanner = h("div", { class: "pinned hidden", "data-testid": "pinned-message" });
  const rulesLine = h("div", { class: "rules hidden", "data-testid": "chat-rules" });
  // Disabled until the room is joined, so nothing typed before that is lost.
  const input = h("input", { class: "chat-input", "data-testid": "chat-input", placeholder: "Joining the chat…", maxlength: "500", disabled: true });
  const send = h("button", { class: "send", "data-testid": "chat-send", type: "submit", disabled: true }, "Send");
  const floating = h("div", { class: "floating-reactions", "aria-hidden": "true" });
  const form = h("form", {
    class: "chat-form",
    onsubmit: async (event: Event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || !room) return;
      input.value = "";
      await room.send(text);
    },
  }, input, send);
  const reactionBar = h("div", { class: "reactions", "data-testid": "reactions" },
    ...reactions.map((emoji) => h("button", { type: "button", class: "reaction", "data-emoji": emoji, onclick: () => room?.react(emoji) }, emoji)));
  const element = h("section", { class: "chat", "data-testid": "chat" }, floating, pinnedBanner, rulesLine, list, reactionBar, form);

  const notice = (text: string) => {
    list.append(h("li", { class: "notice", "data-testid": "chat-notice" }, text));
    list.scrollTop = list.scrollHeight;
  };

  // Every moderation call answers with a problem on refusal: show it in the chat rather than failing silently.
  const act = (label: string, action: () => Promise<unknown>) => async () => {
    try {
      await action();
      notice(label);
    } catch (error) {
      notice(`Could not ${label.toLowerCase()}: ${(error as Error).message}`);
    }
  };

  const controls = (message: ChatMessage, streamId: string) => {
    const mine = message.userId === session.userId;
    const button = (testId: string, text: string, onclick: () => void) =>
      h("button", { type: "button", class: `mod ${testId}`, "data-testid": testId, onclick }, text);
    return h("span", { class: "mod-controls" },
      button("pin-message", "Pin", act("Pinned", () => api.pin(streamId, message.text, message.id))),
      button("delete-message", "Delete", act("Deleted", async () => {
        if (!(await room?.deleteMessage(message.id))) throw new Error("refused");
      })),
      mine ? null : button("timeout-user", "Time out", act(`Timed out ${message.userId} for ${timeoutSeconds / 60} min`,
        () => api.timeOut(streamId, message.userId, timeoutSeconds))),
      mine ? null : button("block-user", "Block", act(`${message.userId} was blocked`, () => api.block(streamId, message.userId))));
  };

  return {
    element,
    add(message) {
      const mine = message.userId === session.userId;
      const item = h("li", { class: mine ? "message mine" : "message", "data-message-id": message.id, "data-user-id": message.userId },
        h("span", { class: "author" }, message.displayName ?? message.userId),
        h("span", { class: "text", "data-testid": "chat-text" }, message.text),
        moderatedStreamId ? controls(message, moderatedStreamId) : null);
      list.append(item);
      while (list.children.length > 100) list.firstElementChild?.remove();
      list.scrollTop = list.scrollHeight;
    },
    remove(messageId) {
      list.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`)?.remove();
    },
    floatReaction(emoji) {
      const bubble = h("span", { class: "bubble" }, emoji);
      floating.append(bubble);
      setTimeout(() => bubble.remove(), 2000);
    },
    notice,
    attach(joined) {
      room = joined;
      input.disabled = false;
      send.disabled = false;
      input.placeholder = "Say something nice…";
    },
    disable(reason) {
      input.disabled = true;
      send.disabled = true;
      reactionBar.querySelectorAll("button").forEach((button) => (button.disabled = true));
      input.placeholder = reason;
    },
    setPinned(pinned) {
      pinnedBanner.classList.toggle("hidden", !pinned);
      pinnedBanner.replaceChildren(...(pinned ? [h("span", { class: "pin-icon" }, "📌 "), h("span", { "data-testid": "pinned-text" }, pinned.text)] : []));
      if (pinned && moderatedStreamId) {
        const streamId = moderatedStreamId;
        pinnedBanner.append(h("button", { type: "button", class: "mod", "data-testid": "unpin-message", onclick: act("Unpinned", () => api.unpin(streamId)) }, "Unpin"));
      }
    },
    setRules(rules) {
      const parts = !rules ? [] : [
        rules.chatEnabled ? null : "Chat is off: watch-only",
        rules.slowModeSeconds > 0 ? `Slow mode: one message every ${rules.slowModeSeconds} s` : null,
        rules.establishedMinutes > 0 ? `Only viewers here for ${rules.establishedMinutes} min may chat` : null,
      ].filter((part): part is string => part !== null);
      rulesLine.textContent = parts.join(" · ");
      rulesLine.classList.toggle("hidden", parts.length === 0);
    },
    moderate(streamId) {
      moderatedStreamId = streamId;
    },
  };
}

/** A chat refusal as a person reads it. */
export function describeRefusal(error: { reason: string; message: string; retryAfterSeconds?: number | null }): string {
  switch (error.reason) {
    case "rate-limited": return `Slow down: try again in ${error.retryAfterSeconds ?? 1} s.`;
    case "slow-mode": return `Slow mode is on: wait ${error.retryAfterSeconds ?? 1} s before your next message.`;
    case "timed-out": return `You are timed out for ${error.retryAfterSeconds ?? 1} more seconds.`;
    case "filtered": return "That message contains a word this chat does not allow.";
    case "chat-off": return "The chat is off right now; you can still watch.";
    case "not-established": return `New here? You can chat in ${Math.ceil((error.retryAfterSeconds ?? 60) / 60)} min.`;
    default: return error.message;
  }
}
