// The words the database stores for states and origins (SQLite keeps them as TEXT): one list, used by the queries,
// the schema's comments and the app. Anything else in those columns is a bug.

/** Snapshot.status: a capture is waiting (queued) or running (capturing), or the snapshot is ready or failed. */
export const SNAPSHOT_STATUS = { queued: "queued", capturing: "capturing", ready: "ready", failed: "failed" } as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUS)[keyof typeof SNAPSHOT_STATUS];
/** A capture of the snapshot is still to come or running. */
export const PENDING_SNAPSHOT: SnapshotStatus[] = [SNAPSHOT_STATUS.queued, SNAPSHOT_STATUS.capturing];
/** The capture ended, for good: the snapshot is ready or failed (a re-capture makes a new snapshot). */
export const FINAL_SNAPSHOT: SnapshotStatus[] = [SNAPSHOT_STATUS.ready, SNAPSHOT_STATUS.failed];

/** PENDING_SNAPSHOT for a status in hand (a row's, an event's). */
export function isPendingStatus(status: string): boolean {
  return (PENDING_SNAPSHOT as string[]).includes(status);
}

/** FINAL_SNAPSHOT for a status in hand. */
export function isFinalStatus(status: string): boolean {
  return (FINAL_SNAPSHOT as string[]).includes(status);
}

/** Snapshot.stage: the step a running capture is at, for live progress (null when not capturing). */
export const CAPTURE_STAGE = { loading: "loading", scrolling: "scrolling", saving: "saving" } as const;
export type CaptureStage = (typeof CAPTURE_STAGE)[keyof typeof CAPTURE_STAGE];

/** Job.state: waiting (queued, also while a retry waits for its backoff), held by a worker (running), or ended. */
export const JOB_STATE = { queued: "queued", running: "running", done: "done", failed: "failed", cancelled: "cancelled" } as const;
export type JobState = (typeof JOB_STATE)[keyof typeof JOB_STATE];
/** A job that has not ended: it will run, or runs now. */
export const OPEN_JOB: JobState[] = [JOB_STATE.queued, JOB_STATE.running];
/** Every job state, in the order a job passes through them (for counts per state). */
export const JOB_STATES: JobState[] = Object.values(JOB_STATE);

/** Link.origin: pasted or scheduled from the web, or one of the shipped knowledge-base write-ups. */
export const LINK_ORIGIN = { web: "web", seed: "seed" } as const;
export type LinkOrigin = (typeof LINK_ORIGIN)[keyof typeof LINK_ORIGIN];

/** User.role, weakest first (hasRole in lib/accounts/roles.ts ranks by this order). */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The one rule for seeded write-ups: they have no live original to show, re-capture or schedule. */
export function isSeeded(link: { origin: string }): boolean {
  return link.origin === LINK_ORIGIN.seed;
}

/** The same rule as a query condition on links. */
export const NOT_SEEDED = { origin: { not: LINK_ORIGIN.seed } };

/** Link.state: the reader's progress through an entry; archived entries leave the default listing. */
export const ENTRY_STATE = { unread: "unread", read: "read", archived: "archived" } as const;
export type EntryState = (typeof ENTRY_STATE)[keyof typeof ENTRY_STATE];
export const ENTRY_STATES: EntryState[] = Object.values(ENTRY_STATE);

export function isEntryState(value: unknown): value is EntryState {
  return typeof value === "string" && (ENTRY_STATES as string[]).includes(value);
}

/** An API token's scope: `write` lets the user's role decide; `read` allows only GET/HEAD whatever the role. */
export const API_TOKEN_SCOPES = ["write", "read"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
