// Browser tests of the web client in Debian's Chromium, against a running system (the gateway's URL).
//   node e2e/e2e.mjs <gatewayUrl> <screenshotsDir> [replayStreamId]
// Owner goes live, recorded (the recording stays "starting": no real LiveKit publishes the camera here); a phone-sized
// viewer finds the stream on Browse, both chat; the viewer raises a paw, the owner invites them on stage (their own
// camera preview shows) and takes them off again; the owner sets the chat rules and a blocked word, pins a message and
// times the viewer out; the viewer reports the stream; the owner blocks the viewer; an admin sees the report queue,
// the live streams with the kill switch and the audit log; the owner creates an RTMP ingress for an external encoder;
// a second viewer sees the stream end. With replayStreamId (an ended stream whose recording is ready, its playlist on
// an HLS server the caller runs), a viewer also plays that replay. Screenshots of every screen go to screenshotsDir.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, screenshots, replayStreamId] = process.argv.slice(2);
mkdirSync(screenshots, { recursive: true });
const run = Date.now().toString(36);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
  ],
});
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const steps = [];
const step = async (name, action) => {
  const started = Date.now();
  await action();
  steps.push(`ok ${steps.length + 1} - ${name} (${Date.now() - started} ms)`);
  console.log(steps.at(-1));
};
const shot = (page, name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

async function signIn(page, userId, { admin = false } = {}) {
  await page.goto(baseUrl);
  await page.getByTestId("user-id").fill(userId);
  if (admin) await page.getByTestId("sign-in-admin").check();
  await page.getByTestId("sign-in").click();
  await page.getByTestId("signed-in-as").waitFor();
}

const ownerId = `owner-${run}`;
const viewerId = `viewer-${run}`;
const title = `Biscuit chases bubbles ${run}`;
let exitCode = 0;
const owner = await (await browser.newContext({ permissions: ["camera", "microphone"] })).newPage();
const viewer = await (await browser.newContext(phone)).newPage();
const second = await (await browser.newContext(phone)).newPage();
const adminPage = await (await browser.newContext()).newPage();
for (const [name, page] of Object.entries({ owner, viewer, second, admin: adminPage })) {
  page.on("console", (message) => { if (message.type() === "error") console.log(`[${name} console] ${message.text()}`); });
}
try {
  await step("Browse shows an empty state or streams, in two columns on a phone", async () => {
    await signIn(viewer, viewerId);
    await viewer.getByTestId("stream-grid").waitFor({ state: "attached" });
    const columns = await viewer.getByTestId("stream-grid").evaluate((grid) => getComputedStyle(grid).gridTemplateColumns.split(" ").length);
    if (columns !== 2) throw new Error(`expected 2 columns on a phone, got ${columns}`);
    await shot(viewer, "browse-before");
  });

  await step("the owner previews the camera and goes live", async () => {
    await signIn(owner, ownerId);
    await owner.goto(`${baseUrl}/#/live`);
    await owner.getByTestId("preview").waitFor();
    await owner.getByTestId("toggle-mic").click();
    await owner.getByTestId("toggle-mic").click();
    await owner.getByTestId("title-input").fill(title);
    await owner.getByTestId("tags-input").fill("dogs, bubbles");
    await owner.getByTestId("record-stream").check();
    await owner.getByTestId("go-live").click();
    await owner.getByTestId("live-badge").waitFor({ state: "visible" });
    await shot(owner, "go-live");
    // The egress starts only once LiveKit reports the camera track published, which no real LiveKit does here.
    await owner.getByTestId("recording-status").filter({ hasText: "starting" }).waitFor();
    await owner.getByTestId("recording-status").scrollIntoViewIfNeeded();
    await shot(owner, "recording-status");
  });

  await step("Browse shows the started stream (auto-refresh)", async () => {
    await viewer.goto(baseUrl);
    await viewer.getByTestId("stream-card").filter({ hasText: title }).waitFor({ timeout: 15000 });
    await shot(viewer, "browse");
  });

  await step("the viewer opens Watch and the two browsers chat", async () => {
    await viewer.getByTestId("stream-card").filter({ hasText: title }).click();
    await viewer.getByTestId("chat-input").waitFor();
    await viewer.getByTestId("chat-input").fill("What a good boy! 🐶");
    await viewer.getByTestId("chat-send").click();
    await owner.getByTestId("chat-text").filter({ hasText: "What a good boy! 🐶" }).waitFor();
    await owner.getByTestId("chat-input").fill("Thanks for watching!");
    await owner.getByTestId("chat-send").click();
    await viewer.getByTestId("chat-text").filter({ hasText: "Thanks for watching!" }).waitFor();
    await viewer.locator('[data-emoji="❤️"]').click();
    await shot(viewer, "watch");
    await shot(owner, "go-live-chat");
  });

  await step("the viewer raises a paw, the owner invites them on stage, the guest sees their camera, and the owner removes them", async () => {
    // The guest's own camera preview comes from getUserMedia (Chromium's fake device); LiveKit itself does not run here.
    await viewer.context().grantPermissions(["camera", "microphone"]);
    // Only a watching viewer may raise a paw: wait until LiveKit's participant_joined has counted them.
    await viewer.getByTestId("live-viewers").filter({ hasText: "👁 1" }).waitFor({ timeout: 15000 });
    await viewer.getByTestId("raise-paw").click();
    await viewer.getByTestId("lower-paw").waitFor();
    const request = owner.getByTestId("stage-request").filter({ hasText: viewerId });
    await request.waitFor({ timeout: 15000 });
    await request.getByTestId("stage-invite").click();
    await owner.getByTestId("stage-guest").filter({ hasText: viewerId }).waitFor();
    await viewer.getByTestId("on-stage").waitFor({ timeout: 15000 });
    await viewer.getByTestId("guest-camera").waitFor();
    await viewer.waitForFunction(() => document.querySelector('[data-testid="guest-camera"]')?.videoWidth > 0, null, { timeout: 15000, polling: 250 });
    await viewer.getByTestId("stage-guests").filter({ hasText: viewerId }).waitFor();
    await owner.getByTestId("stage-panel").scrollIntoViewIfNeeded();
    await shot(owner, "stage-owner");
    await viewer.getByTestId("guest-camera").scrollIntoViewIfNeeded();
    await shot(viewer, "stage-guest");
    await owner.getByTestId("stage-guest").filter({ hasText: viewerId }).getByTestId("stage-remove").click();
    await viewer.getByTestId("on-stage").waitFor({ state: "detached", timeout: 15000 });
    await viewer.getByTestId("raise-paw").waitFor();
  });

  await step("the owner turns on slow mode and a blocked word and pins a message; the viewer sees both and a blocked word is refused", async () => {
    await owner.getByTestId("slow-mode").selectOption("10");
    await owner.getByTestId("blocked-words").fill("squirrel");
    await owner.getByTestId("save-chat-settings").click();
    await owner.getByTestId("chat-settings-status").filter({ hasText: "saved" }).waitFor();
    await viewer.getByTestId("chat-rules").filter({ hasText: "Slow mode" }).waitFor();
    await viewer.getByTestId("chat-input").fill("look, a SQUIRREL!");
    await viewer.getByTestId("chat-send").click();
    await viewer.getByTestId("chat-notice").filter({ hasText: "does not allow" }).waitFor();
    await owner.locator(`[data-user-id="${viewerId}"] [data-testid="pin-message"]`).first().click();
    await viewer.getByTestId("pinned-text").filter({ hasText: "What a good boy! 🐶" }).waitFor();
    if (await owner.getByTestId("chat-text").filter({ hasText: "SQUIRREL" }).count() !== 0) throw new Error("a filtered message reached the owner");
    await shot(viewer, "moderation-viewer");
    await shot(owner, "moderation-owner");
  });

  await step("the owner times the viewer out, who is refused; the viewer reports the stream", async () => {
    await owner.locator(`[data-user-id="${viewerId}"] [data-testid="timeout-user"]`).first().click();
    await owner.getByTestId("chat-notice").filter({ hasText: "Timed out" }).waitFor();
    await viewer.waitForTimeout(500);
    await viewer.getByTestId("chat-input").fill("let me talk");
    await viewer.getByTestId("chat-send").click();
    await viewer.getByTestId("chat-notice").filter({ hasText: "timed out" }).waitFor();
    viewer.once("dialog", (dialog) => dialog.accept("Not about pets at all"));
    await viewer.getByTestId("report-stream").click();
    await viewer.getByTestId("chat-notice").filter({ hasText: "an admin will look" }).waitFor();
    await shot(viewer, "timed-out");
  });

  await step("a second viewer joins; the owner blocks the first, who is removed", async () => {
    await signIn(second, `second-${run}`);
    await second.goto(viewer.url());
    await second.getByTestId("chat-input").waitFor();
    await owner.locator(`[data-user-id="${viewerId}"] [data-testid="block-user"]`).first().click();
    await viewer.getByTestId("removed").waitFor({ timeout: 15000 });
    await shot(viewer, "blocked");
  });

  await step("an admin sees the report, the live stream with its kill switch and the audit log, and dismisses the report", async () => {
    await signIn(adminPage, `admin-${run}`, { admin: true });
    await adminPage.goto(`${baseUrl}/#/admin`);
    const report = adminPage.getByTestId("report-row").filter({ hasText: "Not about pets at all" });
    await report.waitFor();
    await adminPage.getByTestId("live-row").filter({ hasText: title }).getByTestId("kill-switch").waitFor();
    for (const action of ["block", "time-out", "pin", "chat-settings", "blocked-words"]) {
      await adminPage.locator(`[data-testid="audit-row"][data-action="${action}"]`).first().waitFor({ timeout: 15000 });
    }
    await shot(adminPage, "admin");
    await report.getByTestId("resolve-dismiss").click();
    await adminPage.getByTestId("admin-status").filter({ hasText: "dismiss" }).waitFor();
    await report.waitFor({ state: "detached" });
  });

  await step("the owner creates an RTMP ingress and sees its URL and stream key", async () => {
    await owner.getByTestId("ingress-type").selectOption("rtmp");
    await owner.getByTestId("create-ingress").click();
    const url = owner.getByTestId("ingress-url");
    await url.waitFor();
    if ((await url.textContent())?.trim() !== "rtmp://127.0.0.1:1935/live") throw new Error(`unexpected ingress URL: ${await url.textContent()}`);
    const streamKey = (await owner.getByTestId("ingress-stream-key").textContent())?.trim();
    if (!streamKey) throw new Error("the ingress has no stream key");
    await owner.getByTestId("ingress-status").waitFor();
    await owner.getByTestId("ingress").scrollIntoViewIfNeeded();
    await shot(owner, "ingress");
  });

  await step("the owner ends the stream; the viewer sees the ended state", async () => {
    await owner.getByTestId("end-stream").click();
    await owner.getByTestId("golive-ended").waitFor();
    await second.getByTestId("stream-ended").waitFor({ timeout: 15000 });
    await shot(second, "ended");
    await shot(owner, "go-live-ended");
  });

  await step("the owner opens the stream's summary: figures and charts of viewers, retention and chat", async () => {
    await owner.getByTestId("stats-link").click();
    await owner.getByTestId("stream-stats").waitFor();
    for (const chart of ["chart-viewers", "chart-retention", "chart-chat"]) {
      await owner.locator(`[data-testid="${chart}"] canvas`).waitFor();
    }
    // No LiveKit runs here, so no viewer joins the room: viewer figures are 0; the chat figures come from Chat.
    await owner.getByTestId("stat-unique").waitFor();
    const messages = await owner.getByTestId("stat-messages").locator("strong").textContent();
    if (Number(messages) < 2) throw new Error(`expected the chat messages in the stats, got ${messages}`);
    await shot(owner, "stream-summary");
    await owner.goto(`${baseUrl}/#/mine`);
    await owner.getByTestId("my-stream-row").filter({ hasText: title }).waitFor();
    await shot(owner, "my-streams");
  });

  if (replayStreamId) {
    await step("a viewer plays the replay of an ended stream", async () => {
      const replayViewer = await (await browser.newContext()).newPage();
      replayViewer.on("console", (message) => { if (message.type() === "error") console.log(`[replay console] ${message.text()}`); });
      try {
        await signIn(replayViewer, `replay-viewer-${run}`);
        await replayViewer.goto(`${baseUrl}/#/watch/${replayStreamId}`);
        const player = replayViewer.getByTestId("replay-player");
        await player.waitFor({ timeout: 15000 });
        await replayViewer.getByTestId("replay-info").waitFor();
        await player.evaluate(async (video) => {
          video.muted = true;
          if (video.paused) await video.play().catch(() => {}); // hls.js may still be attaching: retried below
        });
        await replayViewer.waitForFunction(() => {
          const video = document.querySelector('[data-testid="replay-player"]');
          if (video.paused && video.readyState >= 2) void video.play().catch(() => {});
          return video.currentTime > 1.5;
        }, null, { timeout: 20000, polling: 250 }).catch(async (error) => {
          const state = await player.evaluate((video) => ({ time: video.currentTime, paused: video.paused, readyState: video.readyState, error: video.error?.message }));
          const message = await replayViewer.getByTestId("replay-state").textContent().catch(() => "");
          throw new Error(`the replay did not play: ${JSON.stringify(state)} ${message} (${error.message})`);
        });
        await shot(replayViewer, "replay");
      } catch (error) {
        await shot(replayViewer, "failure-replay").catch(() => {});
        throw error;
      } finally {
        await replayViewer.context().close();
      }
    });
  }
} catch (error) {
  exitCode = 1;
  console.error(`not ok ${steps.length + 1} - ${error.message}`);
  for (const [name, page] of Object.entries({ owner, viewer, second, admin: adminPage })) {
    await shot(page, `failure-${name}`).catch(() => {});
  }
} finally {
  await browser.close();
}
console.log(`${steps.length} passed, ${exitCode} failed`);
process.exit(exitCode);
