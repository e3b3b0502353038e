// The chat column shared by Watch (as a viewer) and Go Live (as the owner, who may block people).
import { ChatMessage, ChatRoom, reactions } from "../chat";
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
}

export function chatPanel(options: { onBlock?: (userId: string) => void }): ChatPanel {
  let room: ChatRoom | null = null;
  const list = h("ol", { class: "messages", "data-testid": "chat-messages", "aria-live": "polite" });
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
  const element = h("section", { class: "chat", "data-testid": "chat" }, floating, list, reactionBar, form);

  return {
    element,
    add(message) {
      const mine = message.userId === session.userId;
      const item = h("li", { class: mine ? "message mine" : "message", "data-message-id": message.id, "data-user-id": message.userId },
        h("span", { class: "author" }, message.displayName ?? message.userId),
        h("span", { class: "text", "data-testid": "chat-text" }, message.text));
      if (options.onBlock && !mine) {
        item.append(h("button", { type: "button", class: "block", "data-testid": "block-user", title: `Block ${message.userId}`,
          onclick: () => options.onBlock?.(message.userId) }, "Block"));
      }
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
    notice(text) {
      list.append(h("li", { class: "notice" }, text));
    },
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
  };
}
