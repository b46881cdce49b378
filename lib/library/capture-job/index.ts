// The capture job: one owner for capturing a queued snapshot (see capture-snapshot.ts for its steps).
export { captureJob, captureSnapshotNow } from "./handler";
export { cancelSnapshots } from "./cancel";
export type { CaptureJobDeps } from "./capture-snapshot";
export { settlementOf, type CaptureOutcome } from "./outcome";
export type { CaptureSource } from "./source";
