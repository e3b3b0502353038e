// The PawfectLive HTTP API through the gateway. Errors arrive as RFC 7807 problem details.
import { session } from "./session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
    /** The problem's extension members, e.g. `recordingStatus` on replay-not-ready. */
    readonly extensions: Record<string, unknown> = {},
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
  /** How the video reaches LiveKit: the browser (WebRTC) or an external encoder through LiveKit Ingress. */
  source: StreamSource;
  isRecording: boolean;
  hasReplay: boolean;
  /** Who is on stage (co-hosts publishing camera and microphone), invited, and asking. */
  stage?: StageState;
}

/** A stream's stage: guests publishing camera and microphone, users the owner invited, users who raised a paw. */
export interface StageState {
  guests: string[];
  invited: string[];
  requests: string[];
}

export interface Stage extends StageState {
  streamId: string;
  maxGuests: number;
}

export type StreamSource = "webrtc" | "rtmp" | "whip";

export interface StartedStream {
  streamId: string;
  roomName: string;
  token: string;
  url: string;
  tokenExpiresAt: string;
  recording: RecordingStatus | null;
}

export type RecordingState = "starting" | "recording" | "processing" | "ready" | "failed";

/** A stream's recording (LiveKit Egress to HLS on object storage). */
export interface RecordingStatus {
  streamId: string;
  status: RecordingState;
  /** LiveKit's error when the status is failed. */
  error: string | null;
  requestedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  livePlaylistUrl: string | null;
  playlistUrl: string | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
}

/** The recording of an ended stream, ready to play. */
export interface Replay {
  streamId: string;
  ownerId: string;
  title: string | null;
  playlistUrl: string;
  mp4Url: string | null;
  /** Null when LiveKit reported no figure. */
  durationSeconds: number | null;
  /** The HLS recording's size; null when LiveKit reported no figure. */
  sizeBytes: number | null;
  /** The MP4's size; null when LiveKit reported no figure. */
  mp4SizeBytes: number | null;
  recordedAt: string;
  endedAt: string | null;
}

export type IngressType = "rtmp" | "whip";

/** An external encoder's way into a stream (LiveKit Ingress). */
export interface Ingress {
  streamId: string;
  ingressId: string;
  type: IngressType;
  url: string;
  streamKey: string;
  status: "waiting" | "publishing" | "ended";
}

export interface WatchTicket {
  streamId: string;
  roomName: string;
  token: string;
  url: string;
  title: string | null;
  ownerId: string;
  viewers: number;
  /** The recording's HLS live playlist, for rewinding; present (non-null) only while the stream is being recorded. */
  livePlaylistUrl?: string | null;
}

export interface PinnedMessage {
  text: string;
  messageId: string | null;
  pinnedBy: string;
  pinnedAt: string;
}

export interface ChatSettings {
  streamId: string;
  slowModeSeconds: number;
  chatEnabled: boolean;
  establishedMinutes: number;
  pinned: PinnedMessage | null;
}

export interface AbuseReport {
  id: string;
  streamId: string;
  reporterId: string;
  reason: string;
  createdAt: string;
  state: "open" | "resolved";
  resolution: { action: string; targetUserId: string | null; resolvedBy: string; resolvedAt: string; note: string | null } | null;
}

export interface AuditEntry {
  id: string;
  streamId: string | null;
  actorId: string;
  actorRole: string;
  action: string;
  targetUserId: string | null;
  reason: string | null;
  details: string | null;
  at: string;
}

export interface StreamStats {
  streamId: string;
  isLive: boolean;
  durationSeconds: number;
  peakViewers: number;
  averageViewers: number;
  uniqueViewers: number;
  totalWatchSeconds: number;
  averageWatchSeconds: number;
  medianWatchSeconds: number;
  retention: { minute: number; share: number }[];
  bucketSeconds: number;
  concurrentViewers: { at: string; viewers: number }[];
  chat: { messages: number; reactions: number; perMinute: { at: string; messages: number; reactions: number }[]; topReactions: { emoji: string; count: number }[] };
}

export interface PastStream {
  stream: LiveStream;
  summary: { durationSeconds: number; peakViewers: number; uniqueViewers: number; totalWatchSeconds: number; averageWatchSeconds: number; messages: number; reactions: number };
}

const live = (streamId: string, rest = "") => `/api/live/${encodeURIComponent(streamId)}${rest}`;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  let problem: { type?: string; title?: string; detail?: string; retryAfterSeconds?: number; [extension: string]: unknown } = {};
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
    problem,
  );
}

export const api = {
  active: () => request<{ items: LiveStream[]; nextCursor: string | null }>("GET", "/api/live/active?limit=50"),
  stream: (id: string) => request<LiveStream>("GET", `/api/live/${encodeURIComponent(id)}`),
  watch: (id: string) => request<WatchTicket>("GET", `/api/live/${encodeURIComponent(id)}/watch`),
  start: (title: string, tags: string[], record = false) => request<StartedStream>("POST", "/api/live/start", { title, tags, record }),
  stop: (streamId: string) => request<LiveStream>("POST", "/api/live/stop", { streamId }),
  block: (streamId: string, userId: string, reason?: string) => request<unknown>("POST", live(streamId, "/block"), { userId, reason }),
  timeOut: (streamId: string, userId: string, seconds: number) => request<unknown>("POST", live(streamId, "/timeouts"), { userId, seconds }),
  moderators: (streamId: string) => request<{ moderatorIds: string[] }>("GET", live(streamId, "/moderators")),
  appointModerator: (streamId: string, userId: string) => request<{ moderatorIds: string[] }>("POST", live(streamId, "/moderators"), { userId }),
  chatSettings: (streamId: string) => request<ChatSettings>("GET", live(streamId, "/chat-settings")),
  changeChatSettings: (streamId: string, change: Partial<Pick<ChatSettings, "slowModeSeconds" | "chatEnabled" | "establishedMinutes">>) =>
    request<ChatSettings>("PATCH", live(streamId, "/chat-settings"), change),
  blockedWords: (streamId: string) => request<{ words: string[] }>("GET", live(streamId, "/blocked-words")),
  setBlockedWords: (streamId: string, words: string[]) => request<{ words: string[] }>("PUT", live(streamId, "/blocked-words"), { words }),
  pin: (streamId: string, text: string, messageId?: string) => request<ChatSettings>("PUT", live(streamId, "/pinned"), { text, messageId }),
  unpin: (streamId: string) => request<ChatSettings>("DELETE", live(streamId, "/pinned")),
  report: (streamId: string, reason: string) => request<AbuseReport>("POST", live(streamId, "/report"), { reason }),
  reports: (state: "open" | "resolved") => request<{ items: AbuseReport[] }>("GET", `/api/live/reports?state=${state}&limit=50`),
  resolveReport: (reportId: string, action: string, userId?: string, seconds?: number) =>
    request<AbuseReport>("POST", `/api/live/reports/${encodeURIComponent(reportId)}/resolve`, { action, userId, seconds }),
  endAsAdmin: (streamId: string) => request<LiveStream>("POST", live(streamId, "/end"), {}),
  audit: () => request<{ items: AuditEntry[] }>("GET", "/api/live/audit?limit=50"),
  stats: (streamId: string, bucketSeconds = 60) => request<StreamStats>("GET", live(streamId, `/stats?bucketSeconds=${bucketSeconds}`)),
  mine: () => request<{ items: PastStream[] }>("GET", "/api/live/mine"),
  recording: (streamId: string) => request<RecordingStatus>("GET", live(streamId, "/recording")),
  startRecording: (streamId: string) => request<RecordingStatus>("POST", live(streamId, "/recording")),
  replay: (streamId: string) => request<Replay>("GET", live(streamId, "/replay")),
  replays: (options: { ownerId?: string; limit?: number; cursor?: string } = {}) => {
    const query = new URLSearchParams();
    if (options.ownerId) query.set("ownerId", options.ownerId);
    query.set("limit", String(options.limit ?? 50));
    if (options.cursor) query.set("cursor", options.cursor);
    return request<{ items: Replay[]; nextCursor: string | null }>("GET", `/api/live/replays?${query}`);
  },
  deleteReplay: (streamId: string) => request<void>("DELETE", live(streamId, "/replay")),
  createIngress: (streamId: string, type: IngressType) => request<Ingress>("POST", live(streamId, "/ingress"), { type }),
  ingress: (streamId: string) => request<Ingress>("GET", live(streamId, "/ingress")),
  stage: (streamId: string) => request<Stage>("GET", live(streamId, "/stage")),
  /** Raises a paw, or accepts the owner's invitation (the caller becomes a guest). */
  raisePaw: (streamId: string) => request<Stage>("POST", live(streamId, "/stage/requests")),
  /** Owner: invites a watching viewer on stage; with their raised paw they go on stage at once. */
  inviteToStage: (streamId: string, userId: string) => request<Stage>("POST", live(streamId, "/stage/invitations"), { userId }),
  /** Takes a guest off stage, withdraws an invitation or lowers a paw (the owner, an admin or the user themselves). */
  leaveStage: (streamId: string, userId: string) => request<Stage>("DELETE", live(streamId, `/stage/${encodeURIComponent(userId)}`)),
  devToken: (userId: string, name: string, admin: boolean) =>
    request<{ accessToken: string }>("POST", "/dev/token", { userId, name, admin }),
};
