// Chat fan-out harness: N clients in one room, S senders at a fixed total rate; every client timestamps what it
// receives. Works against our SignalR hub or the Socket.IO server, with the same clients and the same clock.
//   node fanout.mjs signalr  <chatBaseUrl> <tokensFile> <room> <clients> <ratePerSecond> <seconds> [idleSeconds]
//   node fanout.mjs socketio <serverUrl>   -            <room> <clients> <ratePerSecond> <seconds> [idleSeconds]
// Prints one JSON line: {connected, sent, delivered, seconds, deliveriesPerSecond, p50, p99, max}.
// With ratePerSecond 0 it only connects, prints READY and stays idle for idleSeconds (for memory measurements).
import { readFileSync } from "node:fs";
import * as signalR from "@microsoft/signalr";
import { io } from "socket.io-client";

const [mode, url, tokensFile, room, clientsText, rateText, secondsText, idleText] = process.argv.slice(2);
const clientCount = Number(clientsText);
const rate = Number(rateText);
const seconds = Number(secondsText);
const tokens = mode === "signalr" ? JSON.parse(readFileSync(tokensFile, "utf8")) : [];
const latencies = [];
let delivered = 0;
let measuring = false;

function onMessage(message) {
  if (!measuring) return;
  const sentAt = Number(message.text.split("|")[0]);
  if (!Number.isFinite(sentAt)) return;
  delivered++;
  latencies.push(performance.timeOrigin + performance.now() - sentAt);
}

async function connectSignalR(i) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${url}/hubs/live`, { accessTokenFactory: () => tokens[i], transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  connection.on("chat:message", onMessage);
  await connection.start();
  let joined = await connection.invoke("JoinRoom", room);
  for (let attempt = 0; !joined.joined && attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200)); // the room opens once Chat has seen StreamStarted
    joined = await connection.invoke("JoinRoom", room);
  }
  if (!joined.joined) throw new Error(`join refused: ${JSON.stringify(joined.error)}`);
  return { send: (text) => connection.invoke("SendMessage", room, text), stop: () => connection.stop() };
}

async function connectSocketIo() {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  socket.on("chat:message", onMessage);
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  await socket.emitWithAck("join", room);
  return { send: (text) => socket.emitWithAck("chat", room, text), stop: () => socket.close() };
}

const clients = [];
for (let start = 0; start < clientCount; start += 50) {
  const batch = [];
  for (let i = start; i < Math.min(clientCount, start + 50); i++) {
    batch.push(mode === "signalr" ? connectSignalR(i) : connectSocketIo());
  }
  clients.push(...(await Promise.all(batch)));
}

if (rate === 0) {
  console.log("READY");
  await new Promise((resolve) => setTimeout(resolve, Number(idleText ?? 5) * 1000));
  console.log(JSON.stringify({ connected: clients.length }));
  await Promise.all(clients.map((c) => c.stop()));
  process.exit(0);
}

const senders = clients.slice(0, 10);
let sent = 0;
measuring = true;
const started = performance.now();
const interval = 1000 / rate;
let next = started;
while (performance.now() - started < seconds * 1000) {
  const sender = senders[sent % senders.length];
  sender.send(`${performance.timeOrigin + performance.now()}|message ${sent}`).catch(() => {});
  sent++;
  next += interval;
  const wait = next - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await new Promise((resolve) => setTimeout(resolve, 2000)); // let the last messages arrive
measuring = false;
latencies.sort((a, b) => a - b);
const pick = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : null);
console.log(JSON.stringify({
  connected: clients.length, sent, delivered, seconds,
  deliveriesPerSecond: delivered / seconds, p50: pick(0.5), p99: pick(0.99), max: pick(1),
}));
await Promise.all(clients.map((c) => c.stop()));
process.exit(0);
