// A tiny in-process signal so code that enqueues jobs does not import the worker (and its browser) itself.

type Listener = () => void;
const globalForSignal = globalThis as unknown as { kuraWorkerListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  globalForSignal.kuraWorkerListeners ??= new Set();
  return globalForSignal.kuraWorkerListeners;
}

export function onJobEnqueued(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Wakes this process's worker now; workers in other processes find the job at their next poll. */
export function notifyWorker(): void {
  for (const listener of listeners()) listener();
}
