// Serves the production build as two processes: the web server (scripts/web-server.mjs, Next's handler) answers pages, and the capture worker
// (scripts/worker.ts) runs the captures, so no capture — a huge page, a PDF, a crashed browser — can stall a page
// view or grow the web server's memory. They share nothing but the database and the data folder: jobs, cancels and
// live progress already go through the database. KURA_INPROCESS_WORKER=1 keeps the old single-process mode.
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn, spawnSync } from "node:child_process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** A worker that dies is started again after this long, doubling up to a minute while it keeps dying young. */
const FIRST_RESTART_MS = 1_000;
const LAST_RESTART_MS = 60_000;
/** A worker that ran this long before dying counts as healthy: its next restart is quick again. */
const HEALTHY_RUN_MS = 60_000;
/**
 * The worker (and the browser and parsers it starts, which inherit it) runs at a lower CPU priority than the web
 * server: on a small machine a capture's CPU is taken from idle time, not from page views (bench:hostile measures
 * /login latency while the worst pages are captured). KURA_WORKER_NICE=0 turns it off.
 */
const WORKER_NICE = Number(process.env.KURA_WORKER_NICE ?? 10);

/**
 * Run as root, Chromium raises its own priority (its browser and GPU processes to nice -8, renderers back to 0),
 * which undid the worker's: bench:hostile saw a capture's renderer at nice 0 and its browser at -8 beside a web
 * server at 0. Without CAP_SYS_NICE in its bounding set the worker and everything it starts can only lower their
 * priority. `setpriv` (util-linux) drops it; probed once, because a container may not allow dropping capabilities
 * (then the worker runs as before, at WORKER_NICE, and says so). Not needed for other users: they cannot raise it.
 */
function workerCommand(log) {
  const worker = [process.execPath, "--import", "tsx", "scripts/worker.ts"];
  if (WORKER_NICE <= 0 || process.platform !== "linux" || process.getuid?.() !== 0) return worker;
  const drop = ["setpriv", "--bounding-set=-sys_nice", "--"];
  const probe = spawnSync(drop[0], [...drop.slice(1), "true"], { stdio: "ignore" });
  if (probe.status === 0) return [...drop, ...worker];
  log("could not keep the browser from raising its CPU priority (setpriv missing or not allowed): captures may slow page views");
  return worker;
}

/**
 * Starts the web server and (unless KURA_INPROCESS_WORKER=1) the capture worker, restarting the worker when it dies.
 * `onExit(code)` is called once both have ended after the server ends or `stop` is called.
 */
export function startApp({ port, env, log, onExit = () => {}, stdio = "inherit" }) {
  const separateWorker = env.KURA_INPROCESS_WORKER !== "1";
  const serverEnv = { ...env, NEXT_TELEMETRY_DISABLED: "1", KURA_INPROCESS_WORKER: separateWorker ? "0" : "1" };
  // The web server cannot wake another process's worker: a short poll (one indexed query) keeps captures prompt.
  const workerEnv = { ...serverEnv, KURA_WORKER_POLL_MS: env.KURA_WORKER_POLL_MS ?? "250" };
  const server = spawn(process.execPath, ["scripts/web-server.mjs"], { stdio, env: { ...serverEnv, PORT: String(port) }, cwd: root });

  let stopping = false;
  let worker = null;
  let serverCode = null;
  let restartIn = FIRST_RESTART_MS;
  const maybeExit = () => {
    if (serverCode !== null && !worker) onExit(serverCode);
  };
  // One process (tsx as a loader, not its CLI, which would sit in front as a second one; setpriv execs into it):
  // signals and memory are its own.
  const [command, ...args] = separateWorker ? workerCommand(log) : [];
  const startWorker = () => {
    const startedAt = Date.now();
    const child = spawn(command, args, { stdio, env: workerEnv, cwd: root });
    worker = child;
    if (WORKER_NICE > 0 && child.pid) {
      try {
        os.setPriority(child.pid, WORKER_NICE);
      } catch (error) {
        log(`could not lower the capture worker's CPU priority (${error.message}); it runs at the web server's`);
      }
    }
    child.on("exit", (code, signal) => {
      worker = null;
      if (stopping) return maybeExit();
      if (Date.now() - startedAt >= HEALTHY_RUN_MS) restartIn = FIRST_RESTART_MS;
      log(`capture worker ended (${signal ?? `exit code ${code}`}); starting it again in ${restartIn / 1000} s`);
      setTimeout(() => stopping || startWorker(), restartIn).unref();
      restartIn = Math.min(restartIn * 2, LAST_RESTART_MS);
    });
  };
  if (separateWorker) startWorker();

  const stop = (signal = "SIGTERM") => {
    stopping = true;
    // The worker finishes its running captures within KURA_SHUTDOWN_GRACE_MS and hands the rest back to the queue.
    worker?.kill(signal);
    if (serverCode === null) server.kill(signal);
  };
  server.on("exit", (code, signal) => {
    serverCode = code ?? (signal ? 0 : 1);
    if (!stopping) stop("SIGTERM");
    maybeExit();
  });
  return { serverPid: () => server.pid, workerPid: () => worker?.pid, stop };
}

/** `startApp` for a command line: Ctrl-C or SIGTERM stops both processes, and this one exits with the server. */
export function serveApp({ port, env, log }) {
  const app = startApp({ port, env, log, onExit: (code) => process.exit(code) });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => app.stop(signal));
}
