// Chat fan-out harness: N clients in one room, 10 of them sending at a fixed total rate, stepped up; every client
// timestamps what it receives. Works against our SignalR hub (direct or through the gateway) or a Socket.IO server,
// with the same clients and the same clock.
//   node fanout.mjs signalr  <chatBaseUrl> <tokensFile> <room> <clients> <rates> <stepSeconds>
//   node fanout.mjs socketio <serverUrl>   -            <room> <clients> <rates> <stepSeconds>
// <rates> is a comma-separated list of messages/s (for example 20,40,80,160,320); 0 only connects, stays idle for
// <stepSeconds> and leaves (for memory measurements).
// Prints CONNECTED once every client has joined (then idles 2 s, so the caller can sample memory), then one JSON line
// per step: {rate, sent, accepted, refused, delivered, expected, lost, deliveriesPerSecond, p50, p99, max}.
// A delivery counts for its own step if it arrives before that step's drain ends (2 s at most after its last send);
// later ones count as lost. A step with p99 over 1 s is the last: higher rates would only queue more.
import { readFileSync } from "node:fs";
import * as signalR from "@microsoft/signalr";
import { io } from "socket.io-client";

const [mode, url, tokensFile, room, clientsText, ratesText, stepSecondsText] = process.argv.slice(2);
const clientCount = Number(clientsText);
const rates = ratesText.split(",").map(Number);
const stepSeconds = Number(stepSecondsText);
const tokens = mode === "signalr" ? JSON.parse(readFileSync(tokensFile, "utf8")) : [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

let step = null; // {id, latencies, delivered, open}
function onMessage(message) {
  const [sentAt, stepId] = message.text.split("|");
  if (step && step.open && Number(stepId) === step.id) {
    step.delivered++;
    step.latencies.push(now() - Number(sentAt));
  }
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
    await sleep(200); // the room opens once Chat has seen StreamStarted
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
for (let start = 0; start < clientCount; start += 100) {
  const batch = [];
  for (let i = start; i < Math.min(clientCount, start + 100); i++) {
    batch.push(mode === "signalr" ? connectSignalR(i) : connectSocketIo());
  }
  clients.push(...(await Promise.all(batch)));
}
console.log("CONNECTED");
await sleep(rates[0] === 0 ? stepSeconds * 1000 : 2000);

const senders = clients.slice(0, 10);
for (const [index, rate] of rates.filter((r) => r > 0).entries()) {
  step = { id: index, latencies: [], delivered: 0, open: true };
  let sent = 0, accepted = 0, refused = 0;
  const started = performance.now();
  const interval = 1000 / rate;
  let next = started;
  const pending = [];
  while (performance.now() - started < stepSeconds * 1000) {
    const sender = senders[sent % senders.length];
    pending.push(sender.send(`${now()}|${index}|message ${sent}`).then((ok) => (ok ? accepted++ : refused++), () => refused++));
    sent++;
    next += interval;
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(pending);
  // Drain: until deliveries stop for 300 ms, at most 2 s after the last send.
  const drainEnds = performance.now() + 2000;
  let last = -1;
  while (performance.now() < drainEnds && step.delivered !== last) {
    last = step.delivered;
    await sleep(300);
  }
  step.open = false;
  const latencies = step.latencies.sort((a, b) => a - b);
  const pick = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : null);
  const expected = accepted * clientCount;
  console.log(JSON.stringify({
    rate, sent, accepted, refused, delivered: step.delivered, expected, lost: expected - step.delivered,
    deliveriesPerSecond: step.delivered / stepSeconds, p50: pick(0.5), p99: pick(0.99), max: pick(1),
  }));
  if (pick(0.99) > 1000) break; // far past saturation: higher rates would only queue more
  await sleep(500);
}
await Promise.all(clients.map((c) => c.stop()));
process.exit(0);
