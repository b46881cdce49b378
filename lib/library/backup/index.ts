export { writeBackup, backupStream, type BackupOptions } from "./write";
export { restoreBackup, type RestoreOptions, type RestoreSummary } from "./restore";
export { verifyBackup } from "./verify";
export { BackupRefused, type BackupManifest } from "./format";
