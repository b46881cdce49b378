// `npm run worker`: the capture worker as its own process (any number of them may share one database).
// Run the web server with KURA_INPROCESS_WORKER=0 to move all capture load here.
import { config } from "@/lib/config";
import { CaptureWorker } from "@/lib/queue/worker";

const worker = new CaptureWorker({
  concurrency: config().capture.concurrency,
  log: (line) => console.log(`[kura worker] ${line}`),
});
worker.start();

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[kura worker] ${signal}: finishing running captures, returning the rest to the queue…`);
    void worker.stop().then(() => process.exit(0));
  });
}
