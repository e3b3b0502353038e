// Browse: who is live now, refreshed every 5 seconds.
import { api, LiveStream } from "../api";
import { h, mount } from "../dom";

export function browse(root: HTMLElement): () => void {
  const grid = h("div", { class: "grid", "data-testid": "stream-grid" });
  const status = h("p", { class: "status" });
  mount(root, h("section", { class: "browse" }, h("h1", {}, "Live now"), status, grid));

  const card = (stream: LiveStream) =>
    h("a", { class: "card", href: `#/watch/${stream.id}`, "data-testid": "stream-card", "data-stream-id": stream.id },
      h("div", { class: "cover" },
        stream.coverUrl ? h("img", { src: stream.coverUrl, alt: "", loading: "lazy" }) : h("span", { class: "placeholder" }, "🐾"),
        h("span", { class: "badge live" }, "LIVE"),
        h("span", { class: "badge viewers", "data-testid": "viewer-count" }, `👁 ${stream.viewers}`)),
      h("div", { class: "card-body" },
        h("strong", { class: "title" }, stream.title ?? "Untitled stream"),
        h("span", { class: "tags" }, stream.tags.map((tag) => `#${tag}`).join(" "))));

  const refresh = async () => {
    try {
      const { items } = await api.active();
      grid.replaceChildren(...items.map(card));
      status.textContent = items.length === 0 ? "Nobody is live right now. Be the first: Go Live!" : "";
      status.dataset.testid = items.length === 0 ? "empty-state" : "";
    } catch (error) {
      status.textContent = `Could not load streams: ${(error as Error).message}`;
    }
  };
  void refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
