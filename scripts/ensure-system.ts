// Makes sure a Chromium for captures and CJK fonts for screenshots exist; installs them on Debian/Ubuntu as root,
// otherwise stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { BROWSER_NOT_FOUND_HELP, findBrowser } from "@/lib/capture/browser/path";
import { loadConfig } from "@/lib/config";
import { postgresBinaries } from "@/lib/db/testing-postgres";

function hasCjkFonts(): boolean {
  try {
    return execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false;
  }
}

const canApt = fs.existsSync("/usr/bin/apt-get") && process.getuid?.() === 0;

function aptInstall(packages: string[]): void {
  console.log(`[kura] Installing ${packages.join(", ")} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
}

const settings = loadConfig();
// `npm test` runs the queue and schema tests on real PostgreSQL clusters it starts itself, and captures locally.
const forTests = process.argv.includes("--tests");
if (settings.browserWsEndpoint && !forTests) {
  console.log("[kura] Captures run in the remote browser (KURA_BROWSER_WS_ENDPOINT): no local Chromium needed.");
  process.exit(0);
}
const configuredPath = settings.browserPath;
const missing: string[] = [];
const browser = findBrowser(configuredPath);
if (!browser) missing.push("chromium");
if (!hasCjkFonts()) missing.push("fonts-noto-cjk");
if (forTests && !postgresBinaries()) {
  if (canApt) missing.push("postgresql");
  else console.warn("[kura] PostgreSQL is not installed: the PostgreSQL tests will fail. Install it (Debian: postgresql).");
}

if (missing.length > 0) {
  if (canApt) {
    aptInstall(missing);
  } else if (!browser) {
    console.error(`[kura] ${BROWSER_NOT_FOUND_HELP}`);
    process.exit(1);
  } else {
    console.warn("[kura] No CJK fonts found: Chinese and Japanese screenshots will show boxes. Install Noto CJK (Debian: fonts-noto-cjk).");
  }
}

const chosen = findBrowser(configuredPath);
if (!chosen) {
  console.error(`[kura] ${BROWSER_NOT_FOUND_HELP}`);
  process.exit(1);
}
console.log(`[kura] Browser for captures: ${chosen.path} (${chosen.source}).`);
