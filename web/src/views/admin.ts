// Admin: the open reports with their actions, the live streams with the kill switch, and the audit log.
import { AbuseReport, api, ApiError, AuditEntry, LiveStream } from "../api";
import { h, mount } from "../dom";

export function admin(root: HTMLElement): () => void {
  const status = h("p", { class: "message", "data-testid": "admin-status", role: "status" });
  const reports = h("tbody", { "data-testid": "report-rows" });
  const streams = h("tbody", { "data-testid": "live-rows" });
  const audit = h("tbody", { "data-testid": "audit-rows" });
  const table = (headings: string[], body: HTMLElement) =>
    h("table", { class: "admin-table" }, h("thead", {}, h("tr", {}, ...headings.map((heading) => h("th", {}, heading)))), body);
  mount(root, h("section", { class: "admin" },
    h("h1", {}, "Admin"), status,
    h("h2", {}, "Open reports"), table(["Stream", "Reporter", "Reason", "Action"], reports),
    h("h2", {}, "Live streams"), table(["Stream", "Owner", "Viewers", ""], streams),
    h("h2", {}, "Audit log"), table(["When", "Who", "What", "Whom", "Why"], audit)));

  const done = (text: string) => {
    status.textContent = text;
    status.className = "message info";
    void refresh();
  };
  const failed = (error: unknown) => {
    status.textContent = error instanceof ApiError && error.status === 403 ? "Admins only: sign in as an admin." : `Failed: ${(error as Error).message}`;
    status.className = "message error";
  };

  const reportRow = (report: AbuseReport) => {
    const target = h("input", { "data-testid": "resolve-user", placeholder: "user id", size: "10" });
    const resolve = (action: string, seconds?: number) => async () => {
      try {
        await api.resolveReport(report.id, action, target.value.trim() || undefined, seconds);
        done(`Report ${report.id}: ${action}.`);
      } catch (error) {
        failed(error);
      }
    };
    return h("tr", { "data-testid": "report-row", "data-report-id": report.id },
      h("td", {}, h("a", { href: `#/watch/${report.streamId}` }, report.streamId.slice(-6))),
      h("td", {}, report.reporterId),
      h("td", {}, report.reason),
      h("td", { class: "actions" },
        h("button", { type: "button", "data-testid": "resolve-dismiss", onclick: resolve("dismiss") }, "Dismiss"),
        h("button", { type: "button", class: "danger", "data-testid": "resolve-end", onclick: resolve("end-stream") }, "End stream"),
        target,
        h("button", { type: "button", "data-testid": "resolve-block", onclick: resolve("block-user") }, "Block"),
        h("button", { type: "button", "data-testid": "resolve-timeout", onclick: resolve("time-out", 600) }, "Time out 10 min")));
  };

  const streamRow = (stream: LiveStream) =>
    h("tr", { "data-testid": "live-row", "data-stream-id": stream.id },
      h("td", {}, h("a", { href: `#/watch/${stream.id}` }, stream.title ?? "Untitled stream")),
      h("td", {}, stream.ownerId),
      h("td", {}, String(stream.viewers)),
      h("td", {}, h("button", { type: "button", class: "danger", "data-testid": "kill-switch", onclick: async () => {
        try {
          await api.endAsAdmin(stream.id);
          done(`Ended ${stream.title ?? stream.id}.`);
        } catch (error) {
          failed(error);
        }
      } }, "End (kill switch)")));

  const auditRow = (entry: AuditEntry) =>
    h("tr", { "data-testid": "audit-row", "data-action": entry.action },
      h("td", {}, new Date(entry.at).toLocaleTimeString()),
      h("td", {}, `${entry.actorId} (${entry.actorRole})`),
      h("td", {}, entry.details ? `${entry.action}: ${entry.details}` : entry.action),
      h("td", {}, entry.targetUserId ?? ""),
      h("td", {}, entry.reason ?? ""));

  async function refresh() {
    try {
      const [open, live, log] = await Promise.all([api.reports("open"), api.active(), api.audit()]);
      reports.replaceChildren(...open.items.map(reportRow));
      streams.replaceChildren(...live.items.map(streamRow));
      audit.replaceChildren(...log.items.map(auditRow));
    } catch (error) {
      failed(error);
    }
  }
  void refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
