import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { bestEffort, bestEffortSync, tolerateSync } from "@/lib/log/best-effort";
import {
  HAS_PROC,
  hasArg,
  isSameProcess,
  killBrowserTree,
  listProcs,
  lowerSessionPriority,
  selfStartTime,
  sessionNice,
  treePssBytes,
  treeRssBytes,
  waitForExit,
} from "./proc";
import { CAPTURE_CHROMIUM_ARGS, requireBrowser } from "./path";
import { connectRemoteBrowser } from "./remote";

export type BrowserHostOptions = {
  /** The configured browser executable (KURA_BROWSER_PATH); otherwise Playwright's or the system's Chromium. */
  browserPath?: string;
  /**
   * A Playwright browser server to connect to instead of launching one (KURA_BROWSER_WS_ENDPOINT): checked for the
   * guard's switches first (remote.ts). Its processes are the server's to manage: no pid file, no memory recycling.
   */
  wsEndpoint?: string;
  /** Browser contexts (captures) open at once through `lease()`; further leases wait. */
  maxContexts?: number;
  /** Replace the browser after this many leased captures (0: never). */
  recycleAfterCaptures?: number;
  /** Replace the browser when its process tree's memory (sum of PSS) passes this (bytes, 0: never). */
  recycleAboveBytes?: number;
  /**
   * Let Playwright close the browser on SIGINT/SIGTERM/SIGHUP itself (default). A worker that shuts down
   * gracefully turns this off and closes the browser when its captures are done.
   */
  handleSignals?: boolean;
  /** Folder for a pid file per launched browser, so a later process can kill what a killed one left behind. */
  pidDir?: string;
  closeTimeoutMs?: number;
  log?: (line: string) => void;
};

/** A slot in the shared browser for one capture (which opens and closes its own contexts; its signal stops it). */
export type BrowserLease = {
  readonly browser: Browser;
  /** Gives the slot back (and lets the host recycle the browser if it is due). */
  release(): void;
};

export type BrowserStats = { pid: number | null; launches: number; captures: number; active: number; rssBytes: number; pssBytes: number };

type Launched = {
  browser: Browser;
  pid: number | null;
  startTime: number;
  profileDir: string | null;
  marker: string;
  pidFile: string | null;
  captures: number;
};

type PidRecord = {
  ownerPid: number;
  ownerStartTime: number;
  pid: number;
  startTime: number;
  profileDir: string | null;
  marker: string;
};

const MARKER_ARG = "--kura-browser";
const PLAYWRIGHT_PROFILE_PREFIX = "playwright_chromiumdev_profile-";

/**
 * One Chromium per process, shared by all captures (each capture gets its own context).
 *
 * - Relaunched lazily when it crashed or was closed, so a dead browser costs one failed attempt, not the worker.
 * - `lease()` bounds the contexts open at once, and recycles the browser after N captures or when its process
 *   tree grows past a memory limit (waiting for running captures first).
 * - Chromium is launched over a pipe: when this process dies, even by SIGKILL, the pipe closes and Chromium exits.
 *   As a second line, every launch is recorded in a pid file (`pidDir`) naming the browser's pid, start time,
 *   profile folder and a unique marker argument; `reapLeftoverBrowsers` kills what a dead owner left behind.
 * - `close()` closes gracefully, then SIGKILLs whatever is left of the process tree.
 */
export class BrowserHost {
  private current: Launched | null = null;
  private launching: Promise<Launched> | null = null;
  private active = 0;
  private draining = false;
  private closed = false;
  private launches = 0;
  private totalCaptures = 0;
  private readonly waiters: Array<() => void> = [];
  /** Browsers being closed (recycled, crashed, restarted): `close()` waits for them too. */
  private readonly retiring = new Set<Promise<void>>();
  private readonly exitHandler = () => this.killNowSync();

  constructor(private readonly options: BrowserHostOptions = {}) {}

  /** The browser, launched if needed (not counted against `maxContexts`: for one-off captures). */
  async get(): Promise<Browser> {
    return (await this.ensure()).browser;
  }

  /** Waits for a free context slot, then hands out the browser. Always `release()` the lease. */
  async lease(): Promise<BrowserLease> {
    await this.acquireSlot();
    let launched: Launched;
    try {
      launched = await this.ensure();
    } catch (error) {
      this.releaseSlot(null);
      throw error;
    }
    let released = false;
    return {
      browser: launched.browser,
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot(launched);
      },
    };
  }

  /** The running browser's main process id (null before launch or where /proc is unavailable). */
  get pid(): number | null {
    return this.current?.pid ?? null;
  }

  stats(): BrowserStats {
    const pid = this.current?.pid ?? null;
    return {
      pid,
      launches: this.launches,
      captures: this.totalCaptures,
      active: this.active,
      rssBytes: pid ? treeRssBytes(pid) : 0,
      pssBytes: pid ? treePssBytes(pid) : 0,
    };
  }

  /** Kills the current browser now (a capture hung past its budget); the next lease launches a fresh one. */
  async restart(reason: string): Promise<void> {
    const launched = this.current;
    if (!launched) return;
    this.options.log?.(`restarting the browser: ${reason}`);
    await this.retire(launched, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    const launched =
      this.current ??
      (this.launching
        ? await bestEffort(this.launching, "waiting for a browser launch to end before closing (a launch that failed has nothing to close)", this.options.log)
        : null);
    if (launched) await this.retire(launched, this.options.closeTimeoutMs ?? 5000);
    // A recycle may still be closing the previous browser.
    for (let i = 0; i < 10 && this.retiring.size > 0; i++) await Promise.all([...this.retiring]);
    process.off("exit", this.exitHandler);
    // Later calls (the CLI, the seed) may use the host again.
    this.closed = false;
  }

  private async ensure(): Promise<Launched> {
    if (this.current?.browser.isConnected()) return this.current;
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<Launched> {
    if (this.options.wsEndpoint) return this.connect(this.options.wsEndpoint);
    const { path: executablePath } = requireBrowser(this.options.browserPath);
    const marker = `${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
    const handleSignals = this.options.handleSignals ?? true;
    const browser = await chromium.launch({
      executablePath,
      args: [...CAPTURE_CHROMIUM_ARGS, `${MARKER_ARG}=${marker}`],
      headless: true,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
    });
    const launched: Launched = { browser, pid: null, startTime: 0, profileDir: null, marker, pidFile: null, captures: 0 };
    const main = HAS_PROC ? findBrowserProcess(marker) : null;
    if (main) {
      launched.pid = main.pid;
      launched.startTime = main.startTime;
      launched.profileDir = main.profileDir;
      launched.pidFile = this.writePidFile(launched);
      // The browser's processes inherit this process's nice level (the capture worker runs lowered, so that page views
      // come first), but their session is scheduled as a whole: it is given the same level.
      const nice = os.getPriority();
      if (nice > 0 && !lowerSessionPriority(main.pid, nice) && sessionNice(main.pid) !== null)
        this.options.log?.(`could not lower the browser's scheduling group to nice ${nice}: captures may slow page views`);
    }
    this.launches++;
    browser.on("disconnected", () => {
      if (this.current === launched) {
        this.current = null;
        this.options.log?.(`the browser (pid ${launched.pid ?? "?"}) disconnected`);
      }
      // A crash may leave helpers behind; a normal close leaves nothing, and this is then a no-op.
      if (launched.pid) killBrowserTree({ pid: launched.pid, startTime: launched.startTime, profileDir: launched.profileDir });
      removePidFile(launched.pidFile);
    });
    if (!process.listeners("exit").includes(this.exitHandler)) process.on("exit", this.exitHandler);
    this.current = launched;
    this.options.log?.(`browser launched (pid ${launched.pid ?? "?"})`);
    return launched;
  }

  /** A remote browser: reconnected lazily like a local one is relaunched; a dropped connection is a crash. */
  private async connect(wsEndpoint: string): Promise<Launched> {
    const browser = await connectRemoteBrowser(wsEndpoint);
    const launched: Launched = { browser, pid: null, startTime: 0, profileDir: null, marker: "", pidFile: null, captures: 0 };
    this.launches++;
    browser.on("disconnected", () => {
      if (this.current !== launched) return;
      this.current = null;
      this.options.log?.("the remote browser disconnected");
    });
    this.current = launched;
    this.options.log?.(`connected to the remote browser at ${new URL(wsEndpoint).host}`);
    return launched;
  }

  private writePidFile(launched: Launched): string | null {
    const dir = this.options.pidDir;
    if (!dir || !launched.pid) return null;
    const record: PidRecord = {
      ownerPid: process.pid,
      ownerStartTime: selfStartTime(),
      pid: launched.pid,
      startTime: launched.startTime,
      profileDir: launched.profileDir,
      marker: launched.marker,
    };
    try {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `chromium-${launched.marker}.json`);
      fs.writeFileSync(file, JSON.stringify(record) + "\n");
      return file;
    } catch (error) {
      this.options.log?.(`could not write the browser pid file: ${String(error)}`);
      return null;
    }
  }

  /** Closes one browser (gracefully within `graceMs`), then kills whatever is left of its tree. */
  private retire(launched: Launched, graceMs: number): Promise<void> {
    if (this.current === launched) this.current = null;
    const done = this.closeAndKill(launched, graceMs).finally(() => this.retiring.delete(done));
    this.retiring.add(done);
    return done;
  }

  private async closeAndKill(launched: Launched, graceMs: number): Promise<void> {
    if (graceMs > 0) {
      const closing = bestEffort(
        launched.browser.close(),
        "closing the browser gracefully (it may have crashed; its processes are killed next)",
        this.options.log,
      );
      await Promise.race([closing, sleep(graceMs)]);
    }
    if (launched.pid) {
      const root = { pid: launched.pid, startTime: launched.startTime, profileDir: launched.profileDir };
      const tree = listTree(root);
      killBrowserTree(root);
      const survivors = await waitForExit(tree, 5000);
      if (survivors.length > 0) this.options.log?.(`browser processes still alive after SIGKILL: ${survivors.join(", ")}`);
    }
    // Playwright removes the profile folder when it sees the process exit; do not wait on a hung connection.
    void bestEffort(launched.browser.close(), "letting Playwright see the killed browser's exit (the connection may already be gone)", this.options.log);
    removePidFile(launched.pidFile);
  }

  private killNowSync(): void {
    const launched = this.current;
    if (launched?.pid) killBrowserTree({ pid: launched.pid, startTime: launched.startTime, profileDir: launched.profileDir });
    removePidFile(launched?.pidFile ?? null);
  }

  private async acquireSlot(): Promise<void> {
    const max = Math.max(1, this.options.maxContexts ?? 4);
    for (let waits = 0; ; waits++) {
      if (this.closed) throw new Error("The browser is shutting down.");
      if (!this.draining && this.active < max) {
        this.active++;
        return;
      }
      // Woken on every release and when a recycle ends; the timeout only guards against a lost wake-up.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private releaseSlot(launched: Launched | null): void {
    this.active = Math.max(0, this.active - 1);
    if (launched) {
      launched.captures++;
      this.totalCaptures++;
      if (!this.draining && this.current === launched && this.recycleDue(launched)) {
        this.draining = true;
        this.options.log?.(`recycling the browser after ${launched.captures} captures`);
      }
    }
    if (this.draining && this.active === 0) {
      const toRetire = this.current;
      const retiring = toRetire ? this.retire(toRetire, this.options.closeTimeoutMs ?? 5000) : Promise.resolve();
      void bestEffort(retiring, "retiring the browser for a recycle (the next lease launches a new one either way)", this.options.log).finally(() => {
        this.draining = false;
        this.wake();
      });
      return;
    }
    this.wake();
  }

  private recycleDue(launched: Launched): boolean {
    const after = this.options.recycleAfterCaptures ?? 0;
    if (after > 0 && launched.captures >= after) return true;
    const limit = this.options.recycleAboveBytes ?? 0;
    return limit > 0 && launched.pid !== null && treePssBytes(launched.pid) > limit;
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

function findBrowserProcess(marker: string): { pid: number; startTime: number; profileDir: string | null } | null {
  const arg = `${MARKER_ARG}=${marker}`;
  for (const p of listProcs()) {
    if (p.ppid !== process.pid || !hasArg(p.pid, arg)) continue;
    const profile = / --user-data-dir=(\S+)/.exec(` ${readCmdline(p.pid)}`);
    return { pid: p.pid, startTime: p.startTime, profileDir: profile?.[1] ?? null };
  }
  return null;
}

function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

function listTree(root: { pid: number; startTime: number; profileDir: string | null }) {
  const procs = listProcs();
  const marker = root.profileDir ? `--user-data-dir=${root.profileDir}` : null;
  return procs
    .filter((p) => p.pid === root.pid || (p.pgid === root.pid && marker !== null && hasArg(p.pid, marker)))
    .map((p) => ({ pid: p.pid, startTime: p.startTime }));
}

function removePidFile(file: string | null): void {
  if (!file) return;
  // ENOENT: already gone (a reaper in another process removed it), which is the point.
  bestEffortSync(() => tolerateSync(["ENOENT"], () => fs.unlinkSync(file)), "removing a browser's pid file (the run folder may be unwritable)");
}

function isPlaywrightProfile(dir: string | null): dir is string {
  if (!dir) return false;
  const resolved = path.resolve(dir);
  return path.dirname(resolved) === path.resolve(os.tmpdir()) && path.basename(resolved).startsWith(PLAYWRIGHT_PROFILE_PREFIX);
}

/**
 * Kills browsers that a dead worker left behind, proven by their pid file: the owner process is gone (its pid is
 * free or belongs to a process started at another time), and the browser is still the process that was recorded
 * (same pid and start time, and the unique marker on its command line). Also removes their temporary profiles.
 */
export function reapLeftoverBrowsers(pidDir: string, log?: (line: string) => void): { killed: number[]; records: number } {
  const killed: number[] = [];
  let records = 0;
  let files: string[];
  try {
    files = fs.readdirSync(pidDir).filter((f) => /^chromium-.+\.json$/.test(f));
  } catch {
    return { killed, records };
  }
  for (const name of files) {
    const file = path.join(pidDir, name);
    let record: PidRecord;
    try {
      record = JSON.parse(fs.readFileSync(file, "utf8")) as PidRecord;
    } catch {
      continue;
    }
    if (isSameProcess(record.ownerPid, record.ownerStartTime)) continue; // its owner is alive: not ours to touch
    records++;
    const sameBrowser = isSameProcess(record.pid, record.startTime) && hasArg(record.pid, `${MARKER_ARG}=${record.marker}`);
    const victims = killBrowserTree({
      pid: record.pid,
      startTime: sameBrowser ? record.startTime : -1,
      profileDir: record.profileDir,
    });
    if (victims.length > 0) {
      killed.push(...victims);
      log?.(`killed ${victims.length} browser process(es) left by dead worker pid ${record.ownerPid}`);
    }
    if (isPlaywrightProfile(record.profileDir)) fs.rmSync(record.profileDir, { recursive: true, force: true, maxRetries: 3 });
    removePidFile(file);
  }
  return { killed, records };
}
