// The seed's chat stack, reduced to what the benchmark compares: a Socket.IO 4 server that joins clients to a room
// and broadcasts each chat message to it.   node socketio-server.mjs <port>
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2]);
const httpServer = createServer();
const io = new Server(httpServer, { transports: ["websocket"] });
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
httpServer.listen(port, "127.0.0.1", () => console.log("READY"));
