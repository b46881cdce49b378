import { chromium, type Browser } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";
import { CAPTURE_CHROMIUM_ARGS } from "./path";

// A browser on another machine (a Playwright browser server, `npm run browser-server`), for capture workers without
// a Chromium of their own. Every request of a capture is still answered by this process's network guard (the route
// handlers run here); what the remote browser must add is that nothing leaves it *around* the guard — no direct
// connection, no DNS of its own, no WebRTC — which the switches below do. A browser started without them is refused.

/** The switches that keep a capture's traffic inside the network guard (lib/capture/browser/path.ts). */
export const GUARD_SWITCHES = CAPTURE_CHROMIUM_ARGS.filter((arg) =>
  /^--(proxy-server|proxy-bypass-list|host-resolver-rules|webrtc-ip-handling-policy|force-webrtc)/.test(arg),
);

export class RemoteBrowserRefused extends Error {}

/** The remote browser's own command line, as chrome://version shows it (in a context of its own, without routes). */
async function commandLineOf(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto("chrome://version");
    return (await page.locator("#command_line").textContent()) ?? "";
  } finally {
    await bestEffort(context.close(), "closing the remote browser's check context (the connection may have dropped)");
  }
}

/**
 * The switches a command line lacks (a switch counts only with exactly Kura's value, as a whole argument). Matched as
 * text between spaces, not split into words: chrome://version shows values that hold spaces unquoted.
 */
export function missingGuardSwitches(commandLine: string): string[] {
  const padded = ` ${commandLine.replace(/\s+/g, " ").trim()} `;
  return GUARD_SWITCHES.filter((arg) => !padded.includes(` ${arg} `));
}

/** Connects to a browser server and checks it was started with the guard's switches; refuses it otherwise. */
export async function connectRemoteBrowser(wsEndpoint: string, timeoutMs = 30_000): Promise<Browser> {
  const browser = await chromium.connect(wsEndpoint, { timeout: timeoutMs });
  let missing: string[];
  try {
    missing = missingGuardSwitches(await commandLineOf(browser));
  } catch (error) {
    await bestEffort(browser.close(), "disconnecting from a remote browser that failed its check");
    throw error;
  }
  if (missing.length > 0) {
    await bestEffort(browser.close(), "disconnecting from a remote browser without the guard's switches");
    throw new RemoteBrowserRefused(
      `The remote browser (KURA_BROWSER_WS_ENDPOINT) was not started with ${missing.join(" ")}: pages captured in it could reach the network around Kura's address guard. Start it with \`npm run browser-server\`.`,
    );
  }
  return browser;
}
