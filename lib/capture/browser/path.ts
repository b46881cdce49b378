import fs from "node:fs";
import { chromium } from "playwright-core";

// Kept dependency-light: the setup script imports it to decide whether a browser must be installed.

const SYSTEM_CHROMIUM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const BROWSER_NOT_FOUND_HELP =
  "No Chromium browser found. Set KURA_BROWSER_PATH to a Chrome/Chromium executable, " +
  "or run `npx playwright install chromium`, or on Debian/Ubuntu `sudo apt-get install chromium fonts-noto-cjk`.";

export type BrowserChoice = { path: string; source: "KURA_BROWSER_PATH" | "playwright" | "system" };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser captures run in: the configured one (KURA_BROWSER_PATH, `config().browserPath`) first, then
 * Playwright's managed build, then a system Chromium.
 */
export function findBrowser(configuredPath: string | undefined): BrowserChoice | null {
  if (configuredPath?.trim()) {
    if (!isExecutable(configuredPath.trim())) {
      throw new Error(`KURA_BROWSER_PATH points to "${configuredPath}", which is not an executable file.`);
    }
    return { path: configuredPath.trim(), source: "KURA_BROWSER_PATH" };
  }
  let managed: string | undefined;
  try {
    managed = chromium.executablePath();
  } catch {
    managed = undefined;
  }
  if (managed && isExecutable(managed)) return { path: managed, source: "playwright" };
  const system = SYSTEM_CHROMIUM_PATHS.find(isExecutable);
  return system ? { path: system, source: "system" } : null;
}

export function requireBrowser(configuredPath: string | undefined): BrowserChoice {
  const choice = findBrowser(configuredPath);
  if (!choice) throw new Error(BROWSER_NOT_FOUND_HELP);
  return choice;
}

/**
 * Flags that work headless as root in containers; the background-networking ones stop Chromium from
 * calling home (which fails on closed networks and would leak the user's archive activity).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-dev-shm-usage",
  "--mute-audio",
  "--hide-scrollbars",
  "--font-render-hinting=none",
];

/**
 * The capture browser must never reach the network by itself: every request it is meant to make is answered by
 * the network guard (route.fulfill). These flags close what interception does not see — speculative pre-connects,
 * speculation-rules prefetch, workers' fetch and WebSockets, WebRTC — by sending all direct traffic to a proxy
 * that cannot be resolved, with Chromium's own DNS answering "not found" for every name.
 */
export const CAPTURE_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  "--proxy-server=http://kura-no-direct-network.invalid:9",
  "--proxy-bypass-list=<-loopback>",
  "--host-resolver-rules=MAP * ~NOTFOUND",
  "--webrtc-ip-handling-policy=disable_non_proxied_udp",
  "--force-webrtc-ip-handling-policy",
];
