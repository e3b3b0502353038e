// Does Debian's Chromium play an ffmpeg-made HLS VOD rendition through hls.js (MSE)? The replay player depends on it.
//   node e2e/hls-check.mjs [variant...]      variants: ts-h264-aac (default), fmp4-h264-aac, fmp4-vp9-opus; "all" runs each
// For each variant: ffmpeg renders ~8 s of test pattern + tone into a temp dir as HLS, a tiny HTTP server serves it
// (with CORS and the HLS content types) together with hls.js from node_modules, and Chromium plays the playlist muted;
// it passes when video.currentTime goes past 2 s. It also prints what MediaSource.isTypeSupported says about the codecs.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const hlsJs = join(here, "..", "node_modules", "hls.js", "dist", "hls.min.js");

// The input: an 8 s test pattern with a 440 Hz tone; keyframes every 2 s so each 2 s segment starts with one.
const source = [
  "-hide_banner", "-loglevel", "error", "-y",
  "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
  "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
  "-t", "8",
];
const h264 = ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-pix_fmt", "yuv420p", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0"];
const aac = ["-c:a", "aac", "-b:a", "96k", "-ac", "2", "-ar", "48000"];
const hls = (segments) => ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_filename", segments];

export const variants = {
  "ts-h264-aac": (dir) => [...source, ...h264, ...aac, ...hls(join(dir, "segment%03d.ts")), join(dir, "index.m3u8")],
  "fmp4-h264-aac": (dir) => [...source, ...h264, ...aac, ...hls(join(dir, "segment%03d.m4s")),
    "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", join(dir, "index.m3u8")],
  "fmp4-vp9-opus": (dir) => [...source,
    "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "800k", "-g", "60", "-keyint_min", "60",
    "-c:a", "libopus", "-b:a", "96k", "-ac", "2", "-ar", "48000",
    ...hls(join(dir, "segment%03d.m4s")), "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", join(dir, "index.m3u8")],
};

const contentTypes = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".js": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

const page = `<!doctype html><meta charset="utf-8"><title>hls check</title>
<video id="v" controls playsinline muted width="640" height="360"></video>
<script src="/hls.min.js"></script>
<script>
  window.hlsErrors = [];
  const video = document.getElementById("v");
  const hls = new Hls();
  hls.on(Hls.Events.ERROR, (_, data) => window.hlsErrors.push(data.type + "/" + data.details + (data.fatal ? " (fatal)" : "") + (data.error ? ": " + data.error.message : "")));
  hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch((e) => window.hlsErrors.push("play: " + e.message)));
  hls.loadSource("/media/index.m3u8");
  hls.attachMedia(video);
</script>`;

/** Serves dir at /media/, hls.js at /hls.min.js and the test page at /. */
function serve(dir) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
    let file = null;
    if (path === "/") {
      response.writeHead(200, { ...headers, "Content-Type": contentTypes[".html"] });
      return response.end(page);
    }
    if (path === "/hls.min.js") file = hlsJs;
    else if (path.startsWith("/media/")) {
      const candidate = normalize(join(dir, path.slice("/media/".length)));
      if (candidate.startsWith(dir)) file = candidate;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, headers);
      return response.end();
    }
    response.writeHead(200, { ...headers, "Content-Type": contentTypes[extname(file)] ?? "application/octet-stream", "Content-Length": statSync(file).size });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function check(browser, name) {
  const dir = mkdtempSync(join(tmpdir(), `hls-${name}-`));
  const args = variants[name](dir);
  const ffmpeg = spawnSync(process.env.FFMPEG_PATH ?? "ffmpeg", args, { encoding: "utf8" });
  if (ffmpeg.status !== 0) return { name, ok: false, reason: `ffmpeg failed: ${ffmpeg.stderr || ffmpeg.error?.message}`, args };
  const server = await serve(dir);
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    try {
      await tab.waitForFunction(() => document.getElementById("v").currentTime > 2, null, { timeout: 20000, polling: 200 });
      const currentTime = await tab.evaluate(() => document.getElementById("v").currentTime);
      return { name, ok: true, reason: `currentTime ${currentTime.toFixed(2)} s`, args };
    } catch {
      const state = await tab.evaluate(() => ({ t: document.getElementById("v").currentTime, errors: window.hlsErrors, media: document.getElementById("v").error?.message }));
      return { name, ok: false, reason: `currentTime stuck at ${state.t}; hls errors: ${state.errors.join("; ") || "none"}; media error: ${state.media ?? "none"}`, args };
    }
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1]);
if (isMain) {
  let requested = process.argv.slice(2);
  if (requested.length === 0) requested = ["ts-h264-aac"];
  if (requested.includes("all")) requested = Object.keys(variants);
  const unknown = requested.filter((name) => !variants[name]);
  if (unknown.length) {
    console.error(`unknown variant(s): ${unknown.join(", ")}; known: ${Object.keys(variants).join(", ")}`);
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ],
  });
  let failed = 0;
  try {
    const probe = await (await browser.newPage()).evaluate(() => Object.fromEntries([
      'video/mp2t; codecs="avc1.42E01E,mp4a.40.2"',
      'video/mp4; codecs="avc1.42E01E"',
      'video/mp4; codecs="avc1.42E01E,mp4a.40.2"',
      'audio/mp4; codecs="mp4a.40.2"',
      'video/mp4; codecs="vp09.00.10.08"',
      'video/mp4; codecs="vp09.00.10.08,opus"',
      'video/webm; codecs="vp9,opus"',
      'video/mp4; codecs="av01.0.04M.08"',
    ].map((type) => [type, MediaSource.isTypeSupported(type)])));
    console.log(`Chromium ${browser.version()} MediaSource.isTypeSupported:`);
    for (const [type, supported] of Object.entries(probe)) console.log(`  ${supported ? "yes" : "no "}  ${type}`);
    for (const name of requested) {
      const result = await check(browser, name);
      if (!result.ok) failed++;
      console.log(`${result.ok ? "ok" : "not ok"} - ${name}: ${result.reason}`);
      console.log(`  ffmpeg ${result.args.map((arg) => (/[\s;"]/.test(arg) ? `'${arg}'` : arg)).join(" ")}`);
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
