import fs from "node:fs";
import { bestEffortSync, tolerateSync } from "@/lib/log/best-effort";

// Process facts from Linux's /proc, used to find, measure and (provably) kill the capture browser's process tree.
// Elsewhere /proc does not exist: every function answers "nothing known" and the callers fall back to Playwright.

export type ProcInfo = {
  pid: number;
  ppid: number;
  /** Process group (Playwright starts Chromium as a group leader: its pgid is its pid). */
  pgid: number;
  /** Clock ticks after boot: with the pid, identifies one process for good (pids are reused, this pair is not). */
  startTime: number;
  comm: string;
};

export const HAS_PROC = fs.existsSync("/proc/self/stat");

/** Parses /proc/<pid>/stat; null when the process is gone (or there is no /proc). */
export function readProc(pid: number): ProcInfo | null {
  let raw: string;
  try {
    raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  //  priority nice num_threads itrealvalue starttime …" — comm may itself contain spaces and parentheses.
  const open = raw.indexOf("(");
  const close = raw.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const rest = raw.slice(close + 2).split(" ");
  const state = rest[0];
  if (state === "Z" || state === "X") return null; // a zombie is dead, it only waits for its parent to reap it
  return {
    pid,
    comm: raw.slice(open + 1, close),
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    startTime: Number(rest[19]),
  };
}

export function listProcs(): ProcInfo[] {
  if (!HAS_PROC) return [];
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** The process and every process below it (children, grandchildren …), from one snapshot of /proc. */
export function processTree(rootPid: number, procs: ProcInfo[] = listProcs()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) {
    const siblings = byParent.get(p.ppid) ?? [];
    siblings.push(p);
    byParent.set(p.ppid, siblings);
  }
  const root = procs.find((p) => p.pid === rootPid);
  if (!root) return [];
  const out: ProcInfo[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length && i < 100_000; i++) {
    const current = queue[i]!;
    out.push(current);
    queue.push(...(byParent.get(current.pid) ?? []));
  }
  return out;
}

/** The command line as one string, arguments separated by spaces (Chromium's helpers rewrite theirs that way). */
export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

/** True when the command line has `arg` as a whole argument. */
export function hasArg(pid: number, arg: string): boolean {
  return ` ${cmdline(pid)} `.includes(` ${arg} `);
}

/** Resident memory of one process in bytes (0 when gone). */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum of the resident memory of a process and all its descendants. */
export function treeRssBytes(rootPid: number, procs?: ProcInfo[]): number {
  return processTree(rootPid, procs).reduce((sum, p) => sum + rssBytes(p.pid), 0);
}

/**
 * Proportional memory of one process in bytes: shared pages are split among the processes sharing them, so
 * the sum over a process tree is what the tree really costs (a sum of RSS counts shared libraries once per
 * process). Falls back to RSS where smaps_rollup is unavailable.
 */
export function pssBytes(pid: number): number {
  let rollup: string;
  try {
    rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  } catch {
    // No smaps_rollup (kernels before 4.14, or the process just exited): RSS is the next best measure.
    return rssBytes(pid);
  }
  const match = /^Pss:\s+(\d+)\s+kB/m.exec(rollup);
  return match ? Number(match[1]) * 1024 : rssBytes(pid);
}

/** Sum of the proportional memory of a process and all its descendants. */
export function treePssBytes(rootPid: number, procs?: ProcInfo[]): number {
  return processTree(rootPid, procs).reduce((sum, p) => sum + pssBytes(p.pid), 0);
}

/** True when `pid` still runs and is the very process that was seen with `startTime`. */
export function isSameProcess(pid: number, startTime: number): boolean {
  const info = readProc(pid);
  return info !== null && info.startTime === startTime;
}

/**
 * The nice level of the scheduling group (the kernel's "autogroup": one per session) `pid` belongs to, or null when the
 * kernel has no autogroups (or the process is gone).
 */
export function sessionNice(pid: number): number | null {
  const line = tolerateSync(["ENOENT", "ESRCH"], () => fs.readFileSync(`/proc/${pid}/autogroup`, "utf8"));
  const match = line ? /nice (-?\d+)/.exec(line) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Lowers the CPU share of the session `pid` leads to `nice`. Playwright starts Chromium detached, in a session of its
 * own, and with autogroup scheduling (on by default on most Linux kernels) the kernel first shares the CPU between
 * sessions, each at its group's nice level, and only then between the processes inside one by their own: a browser
 * whose every process ran at nice 10 still took an equal share with the web server at 0 (bench:hostile, 2,000 frames:
 * /login waited 1.2 s on the run queue while it rendered). Returns whether the group's level is now `nice`; without
 * autogroups (or under a cgroup CPU controller, where the kernel ignores them) there is nothing to do and nothing
 * needed. Raising a group's priority is not attempted: only a lower one is asked for.
 */
export function lowerSessionPriority(pid: number, nice: number): boolean {
  const current = sessionNice(pid);
  if (current === null) return false;
  if (current >= nice) return true;
  const written = tolerateSync(["ENOENT", "ESRCH", "EACCES", "EPERM"], () => {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  });
  return written === true && sessionNice(pid) === nice;
}

export function selfStartTime(): number {
  return readProc(process.pid)?.startTime ?? 0;
}

/**
 * SIGKILLs a browser's whole tree: every descendant of `root` (when `root` is still the very process that was
 * launched) and every member of its process group that names the browser's own profile folder on its command line
 * (children re-parented after a crash stay in the group). A reused pid or group id therefore never hits a stranger.
 * Returns the pids signalled.
 */
export function killBrowserTree(root: { pid: number; startTime: number; profileDir?: string | null }): number[] {
  if (!HAS_PROC) return [];
  const procs = listProcs();
  const victims = new Map<number, ProcInfo>();
  const rootInfo = procs.find((p) => p.pid === root.pid);
  if (rootInfo && rootInfo.startTime === root.startTime) {
    for (const p of processTree(root.pid, procs)) victims.set(p.pid, p);
  }
  if (root.profileDir) {
    const marker = `--user-data-dir=${root.profileDir}`;
    for (const p of procs) {
      if (p.pgid === root.pid && p.startTime >= root.startTime && hasArg(p.pid, marker)) victims.set(p.pid, p);
    }
  }
  victims.delete(process.pid);
  const killed: number[] = [];
  for (const p of victims.values()) {
    // ESRCH: it exited between the listing and the signal, as it was meant to.
    const sent = bestEffortSync(
      () => tolerateSync(["ESRCH"], () => process.kill(p.pid, "SIGKILL")),
      `killing browser process ${p.pid} (it may not be ours to signal)`,
    );
    if (sent) killed.push(p.pid);
  }
  return killed;
}

/** Polls until none of `pids` (with their start times) runs any more, or `timeoutMs` passed. Returns the survivors. */
export async function waitForExit(processes: Array<{ pid: number; startTime: number }>, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = processes.filter((p) => isSameProcess(p.pid, p.startTime)).map((p) => p.pid);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}
