// Bridges the .NET tests to LiveKit's official server SDK.
//   node livekit.mjs verify-token <apiKey> <apiSecret> <token>        -> prints the verified claims as JSON
//   node livekit.mjs sign-webhook <apiKey> <apiSecret> <bodyFile>     -> prints an Authorization value for that exact body
//   node livekit.mjs receive-webhook <apiKey> <apiSecret> <bodyFile> <authorization> -> prints the parsed event as JSON
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { AccessToken, TokenVerifier, WebhookReceiver } from "livekit-server-sdk";

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
    case "receive-webhook": {
      const body = readFileSync(arg, "utf8");
      const event = await new WebhookReceiver(apiKey, apiSecret).receive(body, extra);
      console.log(JSON.stringify(event));
      break;
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exit(2);
}
