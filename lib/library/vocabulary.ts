// The stored words app/ uses — snapshot status, capture stage, job state, link origin and the one seed rule — handed
// up by the domain, so app/ never imports lib/db (see app-not-to-db in .dependency-cruiser.cjs). The lists themselves
// live in lib/db/vocabulary.ts, beside the columns; the query conditions built from them (NOT_SEEDED) stay down there.
export {
  CAPTURE_STAGE,
  ENTRY_STATE,
  ENTRY_STATES,
  isEntryState,
  type EntryState,
  FINAL_SNAPSHOT,
  isFinalStatus,
  isPendingStatus,
  isSeeded,
  JOB_STATE,
  JOB_STATES,
  LINK_ORIGIN,
  PENDING_SNAPSHOT,
  SNAPSHOT_STATUS,
  type CaptureStage,
  type JobState,
  type LinkOrigin,
  type SnapshotStatus,
} from "@/lib/db/vocabulary";
