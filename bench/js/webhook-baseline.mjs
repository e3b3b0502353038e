// The seed's webhook path, reduced to what the benchmark compares: Express with livekit-server-sdk's WebhookReceiver,
// counting viewers per room as the seed did with MongoDB's $inc (+1 per join, -1 per leave), in a Map since no MongoDB
// runs here. No de-duplication, no durability, no events: a floor for what the path costs in Node.
//   node webhook-baseline.mjs <port> <apiKey> <apiSecret>      GET /counts answers {room: count}
import express from "express";
import { WebhookReceiver } from "livekit-server-sdk";

const [port, apiKey, apiSecret] = process.argv.slice(2);
const receiver = new WebhookReceiver(apiKey, apiSecret);
const counts = new Map();
const app = express();

app.post("/api/webhooks/livekit", express.raw({ type: "application/webhook+json" }), async (req, res) => {
  let event;
  try {
    event = await receiver.receive(req.body.toString("utf8"), req.get("Authorization"));
  } catch {
    return res.sendStatus(401);
  }
  const room = event.room?.name;
  if (room && event.event === "participant_joined") {
    counts.set(room, (counts.get(room) ?? 0) + 1);
  } else if (room && event.event === "participant_left") {
    counts.set(room, (counts.get(room) ?? 0) - 1);
  }
  res.sendStatus(200);
});
app.get("/counts", (_req, res) => res.json(Object.fromEntries(counts)));
app.listen(Number(port), "127.0.0.1", () => console.log("READY"));
