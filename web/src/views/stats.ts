// A stream's summary after it ends (also while live): the headline figures and the charts. And the owner's streams,
// with their replays.
import { api, ApiError, LiveStream, Replay, StreamStats } from "../api";
import { h, mount } from "../dom";
import { chatChart, retentionChart, viewersChart } from "./charts";
import { replayFigures } from "./replay";

const minutes = (secondsTotal: number) => `${Math.floor(secondsTotal / 60)} min ${Math.round(secondsTotal % 60)} s`;

function figures(stats: StreamStats): HTMLElement {
  const figure = (testId: string, label: string, value: string) =>
    h("div", { class: "figure", "data-testid": testId }, h("strong", {}, value), h("span", {}, label));
  return h("div", { class: "figures" },
    figure("stat-peak", "peak viewers", String(stats.peakViewers)),
    figure("stat-unique", "unique viewers", String(stats.uniqueViewers)),
    figure("stat-average-viewers", "average viewers", stats.averageViewers.toFixed(1)),
    figure("stat-average-watch", "average watch time", minutes(stats.averageWatchSeconds)),
    figure("stat-median-watch", "median watch time", minutes(stats.medianWatchSeconds)),
    figure("stat-messages", "chat messages", String(stats.chat.messages)),
    figure("stat-top-reactions", "top reactions", stats.chat.topReactions.map((reaction) => `${reaction.emoji} ${reaction.count}`).join("  ") || "—"));
}

export function streamStats(root: HTMLElement, streamId: string): () => void {
  const status = h("p", { class: "status", "data-testid": "stats-status" }, "Loading…");
  mount(root, h("section", { class: "stats" }, h("h1", {}, "How your stream did"), status));
  (async () => {
    try {
      const [stream, stats] = await Promise.all([api.stream(streamId), api.stats(streamId)]);
      mount(root, h("section", { class: "stats", "data-testid": "stream-stats" },
        h("h1", {}, stream.title ?? "Untitled stream", stream.isLive ? h("span", { class: "badge live inline" }, "LIVE") : null),
        figures(stats), viewersChart(stats), retentionChart(stats), chatChart(stats)));
    } catch (error) {
      status.textContent = error instanceof ApiError && error.status === 403
        ? "Only the stream's owner, its moderators and admins see its stats."
        : `Could not load the stats: ${(error as Error).message}`;
    }
  })();
  return () => {};
}

/** The caller's replays by stream id (a few pages at most); empty when the list cannot be read. */
async function myReplays(): Promise<Map<string, Replay>> {
  const replays = new Map<string, Replay>();
  let cursor: string | undefined;
  try {
    for (let page = 0; page < 5; page++) {
      const { items, nextCursor } = await api.replays({ limit: 50, cursor });
      items.forEach((replay) => replays.set(replay.streamId, replay));
      if (!nextCursor) break;
      cursor = nextCursor;
    }
  } catch {
    // the streams' own hasReplay still shows the links
  }
  return replays;
}

export function myStreams(root: HTMLElement): () => void {
  const rows = h("tbody", { "data-testid": "my-stream-rows" });
  const status = h("p", { class: "status", "data-testid": "my-streams-status", role: "status" });
  mount(root, h("section", { class: "stats" }, h("h1", {}, "My streams"), status,
    h("table", { class: "admin-table" }, h("thead", {}, h("tr", {}, ...["Stream", "Peak", "Unique", "Avg watch", "Messages", "Replay"].map((title) => h("th", {}, title)))), rows)));

  const replayCell = (stream: LiveStream, replay: Replay | undefined) => {
    const cell = h("td", { class: "actions" });
    if (!replay && !stream.hasReplay) {
      cell.textContent = stream.isRecording ? "recording…" : "—";
      return cell;
    }
    const remove = h("button", {
      type: "button", class: "danger", "data-testid": "delete-replay",
      onclick: async () => {
        if (!confirm(`Delete the replay of “${stream.title ?? "Untitled stream"}”? Viewers will no longer be able to watch it.`)) return;
        remove.disabled = true;
        try {
          await api.deleteReplay(stream.id);
          cell.replaceChildren("deleted");
          status.textContent = "Replay deleted.";
        } catch (error) {
          remove.disabled = false;
          status.textContent = `Could not delete the replay: ${error instanceof ApiError ? error.detail || error.title : (error as Error).message}`;
        }
      },
    }, "Delete replay");
    cell.append(h("a", { href: `#/watch/${stream.id}`, "data-testid": "replay-link" }, "▶ Replay"),
      replay && replayFigures(replay).length ? ` ${replayFigures(replay).join(" · ")} ` : " ", remove);
    return cell;
  };

  (async () => {
    try {
      const [{ items }, replays] = await Promise.all([api.mine(), myReplays()]);
      rows.replaceChildren(...items.map(({ stream, summary }) => h("tr", { "data-testid": "my-stream-row", "data-stream-id": stream.id },
        h("td", {}, h("a", { href: `#/stats/${stream.id}` }, stream.title ?? "Untitled stream"), stream.isLive ? " (live)" : ""),
        h("td", {}, String(summary.peakViewers)), h("td", {}, String(summary.uniqueViewers)),
        h("td", {}, minutes(summary.averageWatchSeconds)), h("td", {}, String(summary.messages)),
        replayCell(stream, replays.get(stream.id)))));
    } catch (error) {
      rows.replaceChildren(h("tr", {}, h("td", {}, `Could not load your streams: ${(error as Error).message}`)));
    }
  })();
  return () => {};
}
