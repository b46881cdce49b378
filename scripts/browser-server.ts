// `npm run browser-server`: a Chromium for capture workers on other machines (KURA_BROWSER_WS_ENDPOINT). It is
// launched with the capture switches — above all the ones that send every request through the worker's network
// guard and none around it; a worker refuses a browser server without them (lib/capture/browser/remote.ts).
// The address it prints carries a random path: whoever knows it can drive the browser, so treat it as a secret and
// keep the port on a private network.
import crypto from "node:crypto";
import { chromium } from "playwright-core";
import { CAPTURE_CHROMIUM_ARGS, requireBrowser } from "@/lib/capture/browser/path";
import { config } from "@/lib/config";

const host = process.env.KURA_BROWSER_SERVER_HOST?.trim() || "127.0.0.1";
const port = Number(process.env.KURA_BROWSER_SERVER_PORT ?? 0) || undefined;
const server = await chromium.launchServer({
  executablePath: requireBrowser(config().browserPath).path,
  args: CAPTURE_CHROMIUM_ARGS,
  headless: true,
  host,
  port,
  wsPath: `/kura-${crypto.randomBytes(18).toString("base64url")}`,
});
console.log(`[kura] Browser server ready. On each capture worker set:\nKURA_BROWSER_WS_ENDPOINT=${server.wsEndpoint()}`);
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
