// Connects to /hubs/live with Microsoft's JavaScript SignalR client, as the mobile app does, joins a room, sends one
// message and waits to receive it back. Prints {"joined":..., "history":n, "received": {...}} as JSON.
//   node signalr-chat.mjs <baseUrl> <accessToken> <roomName> <text>
import * as signalR from "@microsoft/signalr";

const [baseUrl, token, roomName, text] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/live`, {
    accessTokenFactory: () => token,
    transport: signalR.HttpTransportType.WebSockets,
    skipNegotiation: true,
  })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const received = new Promise((resolve, reject) => {
  connection.on("chat:message", (message) => {
    if (message.text === text) resolve(message);
  });
  setTimeout(() => reject(new Error("no chat:message within 15 s")), 15000);
});

try {
  await connection.start();
  const joined = await connection.invoke("JoinRoom", roomName);
  if (!joined.joined) throw new Error(`join refused: ${JSON.stringify(joined.error)}`);
  const sent = await connection.invoke("SendMessage", roomName, text);
  if (!sent) throw new Error("send refused");
  const message = await received;
  console.log(JSON.stringify({ joined: joined.joined, history: joined.history.length, received: message }));
  await connection.stop();
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(2);
}
