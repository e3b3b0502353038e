// Charts of a stream's stats with uPlot: concurrent viewers over time, the retention curve, chat activity per minute.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { StreamStats } from "../api";
import { h } from "../dom";

const width = () => Math.min(720, Math.max(280, window.innerWidth - 48));
const seconds = (iso: string) => Date.parse(iso) / 1000;

// The time axis spans the points, and a lone point (a one-minute stream) a minute either side, not uPlot's years-wide guess.
function timeScale(times: number[]): uPlot.Scale {
  const first = times.length ? Math.min(...times) : Date.now() / 1000;
  const last = times.length ? Math.max(...times) : first;
  return { time: true, auto: false, range: last > first ? [first, last] : [first - 60, last + 60] };
}

function chart(testId: string, title: string, options: Omit<uPlot.Options, "width" | "height" | "title">, data: uPlot.AlignedData): HTMLElement {
  const holder = h("figure", { class: "chart", "data-testid": testId });
  // uPlot measures its container, so it is drawn once the figure is in the page.
  requestAnimationFrame(() => new uPlot({ ...options, title, width: width(), height: 220 }, data, holder));
  return holder;
}

export function viewersChart(stats: StreamStats): HTMLElement {
  const points = stats.concurrentViewers;
  const times = points.map((point) => seconds(point.at));
  return chart("chart-viewers", "Viewers watching", {
    scales: { x: timeScale(times) },
    series: [{}, { label: "viewers", stroke: "#ff7a59", fill: "#ff7a5933", width: 2 }],
  }, [times, points.map((point) => point.viewers)]);
}

export function retentionChart(stats: StreamStats): HTMLElement {
  return chart("chart-retention", "Still watching after … minutes", {
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: [{ label: "minutes" }, { label: "% of viewers" }],
    series: [{ label: "minute" }, { label: "% of viewers", stroke: "#2a7", fill: "#2a73", width: 2 }],
  }, [stats.retention.map((point) => point.minute), stats.retention.map((point) => Math.round(point.share * 1000) / 10)]);
}

export function chatChart(stats: StreamStats): HTMLElement {
  const minutes = stats.chat.perMinute;
  const times = minutes.map((point) => seconds(point.at));
  return chart("chart-chat", "Chat per minute", {
    scales: { x: timeScale(times) },
    series: [{}, { label: "messages", stroke: "#3a86ff", width: 2 }, { label: "reactions", stroke: "#d7263d", width: 2 }],
  }, [times, minutes.map((point) => point.messages), minutes.map((point) => point.reactions)]);
}
