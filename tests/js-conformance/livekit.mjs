// Bridges the .NET tests to LiveKit's official server SDK.
//   node livekit.mjs verify-token <apiKey> <apiSecret> <token>        -> prints the verified claims as JSON
//   node livekit.mjs sign-webhook <apiKey> <apiSecret> <bodyFile>     -> prints an Authorization value for that exact body
//   node livekit.mjs sign-webhooks <apiKey> <apiSecret> <jsonFile>    -> the same for a JSON array of base64 bodies
//   node livekit.mjs receive-webhook <apiKey> <apiSecret> <bodyFile> <authorization> -> prints the parsed event as JSON
//   node livekit.mjs sample-event <eventJsonFile>                     -> the event as LiveKit's own protobuf types serialise it (protojson)
//   node livekit.mjs room-request <apiKey> <apiSecret> <callJsonFile> -> what the SDK's RoomServiceClient sends for a call,
//        captured by a local server, next to our body; both parsed strictly by LiveKit's request type and re-serialised
//        (callJsonFile: { "method": "UpdateParticipant", "sdkMethod": "updateParticipant", "args": [...], "ours": {...} });
//        with "service": "Egress" or "Ingress" the SDK's EgressClient or IngressClient makes the call instead
//        (startRoomCompositeEgress takes its outputs as protojson: { "file": EncodedFileOutput, "segments": SegmentedFileOutput })
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { AccessToken, EgressClient, IngressClient, RoomServiceClient, TokenVerifier, WebhookEvent, WebhookReceiver } from "livekit-server-sdk";
import {
  CreateIngressRequest, DeleteIngressRequest, DeleteRoomRequest, EncodedFileOutput, RoomCompositeEgressRequest, RoomParticipantIdentity,
  SegmentedFileOutput, StopEgressRequest, UpdateParticipantRequest, UpdateRoomMetadataRequest,
} from "@livekit/protocol";

const requestTypes = {
  DeleteRoom: DeleteRoomRequest,
  RemoveParticipant: RoomParticipantIdentity,
  UpdateParticipant: UpdateParticipantRequest,
  UpdateRoomMetadata: UpdateRoomMetadataRequest,
  StartRoomCompositeEgress: RoomCompositeEgressRequest,
  StopEgress: StopEgressRequest,
  CreateIngress: CreateIngressRequest,
  DeleteIngress: DeleteIngressRequest,
};

const clients = { RoomService: RoomServiceClient, Egress: EgressClient, Ingress: IngressClient };

// The SDK's own argument types where a JSON argument would not do (egress outputs are protobuf messages).
function sdkArgs(sdkMethod, args) {
  if (sdkMethod === "startRoomCompositeEgress") {
    const [roomName, output, opts] = args;
    return [roomName, { file: EncodedFileOutput.fromJson(output.file), segments: SegmentedFileOutput.fromJson(output.segments) }, opts];
  }
  return args;
}

// Runs one SDK client call against a server that records the request and answers an empty message.
async function captureServerCall(apiKey, apiSecret, service, sdkMethod, args) {
  let captured;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      captured = { path: request.url, authorization: request.headers.authorization, body: Buffer.concat(chunks).toString("utf8") };
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const client = new clients[service](`http://127.0.0.1:${server.address().port}`, apiKey, apiSecret);
    await client[sdkMethod](...sdkArgs(sdkMethod, args));
  } finally {
    server.close();
  }
  const payload = captured.authorization.replace(/^Bearer /, "").split(".")[1];
  return { ...captured, grant: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).video };
}

const [command, apiKey, apiSecret, arg, extra] = process.argv.slice(2);

try {
  switch (command) {
    case "verify-token": {
      const claims = await new TokenVerifier(apiKey, apiSecret).verify(arg);
      console.log(JSON.stringify(claims));
      break;
    }
    case "sign-webhook": {
      const body = readFileSync(arg);
      const token = new AccessToken(apiKey, apiSecret);
      token.sha256 = createHash("sha256").update(body).digest("base64");
      console.log(await token.toJwt());
      break;
    }
    case "sign-webhooks": {
      // arg: a JSON file holding an array of base64 bodies; prints a JSON array of Authorization values.
      const bodies = JSON.parse(readFileSync(arg, "utf8"));
      const tokens = [];
      for (const encoded of bodies) {
        const token = new AccessToken(apiKey, apiSecret);
        token.sha256 = createHash("sha256").update(Buffer.from(encoded, "base64")).digest("base64");
        tokens.push(await token.toJwt());
      }
      console.log(JSON.stringify(tokens));
      break;
    }
    case "receive-webhook": {
      const body = readFileSync(arg, "utf8");
      const event = await new WebhookReceiver(apiKey, apiSecret).receive(body, extra);
      console.log(JSON.stringify(event));
      break;
    }
    case "sample-event": {
      // apiKey is the path here: "sample-event <file>"; the file holds the event in protojson (LiveKit's own parser
      // checks it), re-serialised the way LiveKit's server does: defaults omitted, int64 as strings, enums as names.
      const event = WebhookEvent.fromJsonString(readFileSync(apiKey, "utf8"));
      console.log(event.toJsonString());
      break;
    }
    case "room-request": {
      const call = JSON.parse(readFileSync(arg, "utf8"));
      const type = requestTypes[call.method];
      const captured = await captureServerCall(apiKey, apiSecret, call.service ?? "RoomService", call.sdkMethod, call.args);
      console.log(JSON.stringify({
        path: captured.path,
        grant: captured.grant,
        sdk: type.fromJsonString(captured.body).toJson(),
        ours: type.fromJson(call.ours).toJson(),
      }));
      break;
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(2);
}
