/** The files of a snapshot that can be downloaded (archive route and API); lib/library/snapshot-files.ts reads them. */
export const SNAPSHOT_FILE_KINDS = ["html", "screenshot", "thumbnail", "favicon", "original"] as const;
export type SnapshotFileKind = (typeof SNAPSHOT_FILE_KINDS)[number];
