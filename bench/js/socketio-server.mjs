// The seed's chat stack, reduced to what the benchmark compares: a Socket.IO 4 server that joins clients to a room
// and broadcasts each chat message to it. With a Redis URL it uses @socket.io/redis-adapter, as the seed's stack would
// once it runs two instances (every broadcast goes through Redis pub/sub).
//   node socketio-server.mjs <port> [redis://host:port]
import { createServer } from "node:http";
import { Server } from "socket.io";

const [portText, redisUrl] = process.argv.slice(2);
const httpServer = createServer();
const io = new Server(httpServer, { transports: ["websocket"] });
if (redisUrl) {
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const { Redis } = await import("ioredis");
  const publisher = new Redis(redisUrl);
  const subscriber = publisher.duplicate();
  io.adapter(createAdapter(publisher, subscriber));
}
io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack?.({ joined: true });
  });
  socket.on("chat", (room, text, ack) => {
    io.to(room).emit("chat:message", { roomName: room, userId: socket.id, text, sentAt: new Date().toISOString() });
    ack?.(true);
  });
});
httpServer.listen(Number(portText), "127.0.0.1", () => console.log("READY"));
