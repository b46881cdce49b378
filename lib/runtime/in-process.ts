import { config } from "@/lib/config";
import { CaptureWorker, configuredWorkerOptions } from "./capture-worker";

const globalForWorker = globalThis as unknown as { kuraWorker?: CaptureWorker };

/** Starts the web server's own capture worker once, and stops it gracefully with the process. */
export async function startInProcessWorker(): Promise<void> {
  const settings = config();
  if (!settings.inProcessWorker || globalForWorker.kuraWorker) return;
  const worker = new CaptureWorker(configuredWorkerOptions((line) => console.log(`[kura] ${line}`)));
  globalForWorker.kuraWorker = worker;
  worker.start();
  const shutdown = (signal: NodeJS.Signals) => {
    void worker.stop(settings.queue.shutdownGraceMs).finally(() => process.kill(process.pid, signal));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
