// Bridges the .NET tests to LiveKit's official server SDK.
//   node livekit.mjs verify-token <apiKey> <apiSecret> <token>        -> prints the verified claims as JSON
//   node livekit.mjs sign-webhook <apiKey> <apiSecret> <bodyFile>     -> prints an Authorization value for that exact body
//   node livekit.mjs sign-webhooks <apiKey> <apiSecret> <jsonFile>    -> the same for a JSON array of base64 bodies
//   node livekit.mjs receive-webhook <apiKey> <apiSecret> <bodyFile> <authorization> -> prints the parsed event as JSON
//   node livekit.mjs sample-event <eventJsonFile>                     -> the event as LiveKit's own protobuf types serialise it (protojson)
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { AccessToken, TokenVerifier, WebhookEvent, WebhookReceiver } from "livekit-server-sdk";

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
    default:
      throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(2);
}
