// The PawfectLive HTTP API through the gateway. Errors arrive as RFC 7807 problem details.
import { session } from "./session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail || title);
  }

  /** The last path segment of the problem type, e.g. "rate-limited". */
  get kind(): string {
    return this.type.split("/").pop() ?? "";
  }
}

export interface LiveStream {
  id: string;
  ownerId: string;
  roomName: string;
  title: string | null;
  coverUrl: string | null;
  isLive: boolean;
  startedAt: string;
  endedAt: string | null;
  endedReason: string | null;
  viewers: number;
  peakViewers: number;
  tags: string[];
}

export interface StartedStream {
  streamId: string;
  roomName: string;
  token: string;
  url: string;
}

export interface WatchTicket {
  streamId: string;
  roomName: string;
  token: string;
  url: string;
  title: string | null;
  ownerId: string;
  viewers: number;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  let problem: { type?: string; title?: string; detail?: string; retryAfterSeconds?: number } = {};
  try {
    problem = await response.json();
  } catch {
    // A bare status code: keep the defaults.
  }
  const retryAfter = Number(response.headers.get("Retry-After") ?? problem.retryAfterSeconds ?? NaN);
  throw new ApiError(
    response.status,
    problem.type ?? `status-${response.status}`,
    problem.title ?? response.statusText,
    problem.detail ?? "",
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

export const api = {
  active: () => request<{ items: LiveStream[]; nextCursor: string | null }>("GET", "/api/live/active?limit=50"),
  stream: (id: string) => request<LiveStream>("GET", `/api/live/${encodeURIComponent(id)}`),
  watch: (id: string) => request<WatchTicket>("GET", `/api/live/${encodeURIComponent(id)}/watch`),
  start: (title: string, tags: string[]) => request<StartedStream>("POST", "/api/live/start", { title, tags }),
  stop: (streamId: string) => request<LiveStream>("POST", "/api/live/stop", { streamId }),
  block: (streamId: string, userId: string) =>
    request<unknown>("POST", `/api/live/${encodeURIComponent(streamId)}/block`, { userId }),
  devToken: (userId: string, name: string, admin: boolean) =>
    request<{ accessToken: string }>("POST", "/dev/token", { userId, name, admin }),
};
