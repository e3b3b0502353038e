// The chat hub (/hubs/live) through the gateway, with Microsoft's SignalR client over WebSockets.
import * as signalR from "@microsoft/signalr";
import type { PinnedMessage, StageState } from "./api";
import { session } from "./session";

export interface ChatMessage {
  id: string;
  roomName: string;
  userId: string;
  displayName?: string | null;
  text: string;
  sentAt: string;
}

export interface ChatError {
  reason: string;
  message: string;
  retryAfterSeconds?: number | null;
}

export interface ChatRules {
  slowModeSeconds: number;
  chatEnabled: boolean;
  establishedMinutes: number;
}

export interface ChatHandlers {
  message(message: ChatMessage): void;
  deleted(messageId: string): void;
  reaction(emoji: string, userId: string): void;
  viewers(count: number): void;
  ended(reason: string): void;
  error(error: ChatError): void;
  settings?(rules: ChatRules): void;
  pinned?(pinned: PinnedMessage | null): void;
  stage?(stage: StageState): void;
}

export interface JoinedChat {
  room: ChatRoom;
  history: ChatMessage[];
  viewers: number;
  settings: ChatRules | null;
  pinned: PinnedMessage | null;
  stage: StageState | null;
}

export class ChatRoom {
  private constructor(
    private readonly connection: signalR.HubConnection,
    readonly roomName: string,
  ) {}

  static async join(roomName: string, handlers: ChatHandlers): Promise<JoinedChat> {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/live", {
        accessTokenFactory: () => session.token ?? "",
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on("chat:message", (message: ChatMessage) => { handlers.message(message); });
    connection.on("chat:deleted", (deleted: { messageId: string }) => { handlers.deleted(deleted.messageId); });
    connection.on("reaction", (reaction: { emoji: string; userId: string }) => { handlers.reaction(reaction.emoji, reaction.userId); });
    connection.on("viewers", (update: { viewers: number }) => { handlers.viewers(update.viewers); });
    connection.on("stream:ended", (ended: { reason: string }) => { handlers.ended(ended.reason); });
    connection.on("error", (error: ChatError) => { handlers.error(error); });
    // Rules, pin and stage carry the stream version they came from: two Chat instances may deliver two changes in either
    // order, so an older one than already shown is dropped (rules and pin share the settings' version).
    const seen = { rules: 0, pinned: 0, stage: 0 };
    const isNewer = (kind: keyof typeof seen, version: number | undefined) => {
      if ((version ?? 0) < seen[kind]) return false;
      seen[kind] = version ?? 0;
      return true;
    };
    connection.on("chat:settings", (rules: ChatRules & { version?: number }) => { if (isNewer("rules", rules.version)) handlers.settings?.(rules); });
    connection.on("chat:pinned", (notice: { pinned: PinnedMessage | null; version?: number }) => {
      if (isNewer("pinned", notice.version)) handlers.pinned?.(notice.pinned);
    });
    connection.on("stage:updated", (notice: StageState & { roomName: string; version?: number }) => {
      if (isNewer("stage", notice.version)) handlers.stage?.({ guests: notice.guests ?? [], invited: notice.invited ?? [], requests: notice.requests ?? [] });
    });
    await connection.start();

    // The room opens once Chat has heard that the stream is live: retry briefly right after going live.
    for (let attempt = 0; ; attempt++) {
      const joined = await connection.invoke<{
        joined: boolean; history: ChatMessage[]; viewers: number; error?: ChatError; settings?: (ChatRules & { version?: number }) | null;
        pinned?: PinnedMessage | null; stage?: StageState | null; stageVersion?: number;
      }>("JoinRoom", roomName);
      if (joined.joined) {
        isNewer("rules", joined.settings?.version);
        isNewer("pinned", joined.settings?.version);
        isNewer("stage", joined.stageVersion);
        return {
          room: new ChatRoom(connection, roomName), history: joined.history, viewers: joined.viewers,
          settings: joined.settings ?? null, pinned: joined.pinned ?? null, stage: joined.stage ?? null,
        };
      }
      if (joined.error?.reason !== "room-not-live" || attempt >= 20) {
        await connection.stop();
        throw new Error(joined.error?.message ?? "Could not join the chat.");
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  send(text: string): Promise<boolean> {
    return this.connection.invoke<boolean>("SendMessage", this.roomName, text);
  }

  deleteMessage(messageId: string): Promise<boolean> {
    return this.connection.invoke<boolean>("DeleteMessage", this.roomName, messageId);
  }

  react(emoji: string): Promise<boolean> {
    return this.connection.invoke<boolean>("SendReaction", this.roomName, emoji);
  }

  async leave(): Promise<void> {
    await this.connection.stop();
  }
}

export const reactions = ["❤️", "😂", "😮", "👏", "🔥", "🐶", "🐱", "🐾"];
