// `npm run worker`: the capture worker as its own process (any number of them may share one database).
// Run the web server with KURA_INPROCESS_WORKER=0 to move all capture load here.
//
// SIGTERM/SIGINT: stop claiming, let running captures finish within KURA_SHUTDOWN_GRACE_MS, hand the rest back
// to the queue, close the browser, exit 0. A second signal exits at once (the browser dies with this process:
// it is attached by a pipe, and the next worker also reaps leftovers recorded in <data>/run/).
import { config } from "@/lib/config";
import { prepareDatabase } from "@/lib/db/prepare";
import { CaptureWorker, configuredWorkerOptions } from "@/lib/runtime/capture-worker";

const log = (line: string) => console.log(`[kura worker ${process.pid}] ${line}`);
// On PostgreSQL (DATABASE_URL=postgresql://…) the first process to start migrates the shared database.
await prepareDatabase(log);
const worker = new CaptureWorker(configuredWorkerOptions(log));
worker.start();

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing running captures, returning the rest to the queue…`);
    void worker
      .stop(config().queue.shutdownGraceMs)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log(`shutdown failed: ${String(error)}`);
        process.exit(1);
      });
  });
}
