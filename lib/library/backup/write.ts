import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import tar from "tar-stream";
import packageJson from "@/package.json";
import { fileStore } from "@/lib/storage/configured-store";
import type { FileStore } from "@/lib/storage/file-store";
import { addMember, type Member } from "./archive";
import { dumpDatabase } from "./database-file";
import { databaseOf, openLibrarySource } from "./open-library";
import type { LibraryDatabase } from "./library-database";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, COUNT_OF_TABLE, DATABASE_MEMBER, MANIFEST_MEMBER, memberOfKey, type BackupManifest } from "./format";

// A full backup: database.json (the rows, one consistent moment), every file those rows point at under
// files/<store key>, and manifest.json last — written after the members so that their sizes and checksums are known
// without reading any file twice; the archive streams in one pass.

export type BackupOptions = {
  /** The database to read: the configured one unless given (a SQLite file or a PostgreSQL server). */
  database?: LibraryDatabase;
  /** A SQLite file to read instead (the tests' and the bench's shorthand for `database: { kind: "sqlite", file }`). */
  databaseFile?: string;
  store?: FileStore;
  now?: Date;
};

export async function writeBackup(output: Writable, options: BackupOptions = {}): Promise<BackupManifest> {
  const store = options.store ?? fileStore();
  const now = options.now ?? new Date();
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), "kura-backup-"));
  const pack = tar.pack();
  const finished = new Promise<void>((resolve, reject) => {
    output.on("finish", resolve);
    output.on("close", resolve);
    output.on("error", reject);
    pack.on("error", reject);
  });
  pack.pipe(output);
  try {
    const databaseJson = path.join(temp, DATABASE_MEMBER);
    const source = await openLibrarySource(databaseOf(options));
    let dump;
    try {
      dump = await dumpDatabase(source, databaseJson);
    } finally {
      await source.close();
    }
    const members: Member[] = [];
    members.push(await addMember(pack, { name: DATABASE_MEMBER, size: dump.size, mtime: now }, createReadStream(databaseJson)));
    const missingFiles: string[] = [];
    for (const key of [...dump.fileKeys].sort()) {
      const stat = await store.stat(key);
      if (!stat) {
        missingFiles.push(key);
        continue;
      }
      members.push(await addMember(pack, { name: memberOfKey(key), size: stat.bytes, mtime: now }, await store.stream(key)));
    }
    const counts = Object.fromEntries(Object.entries(COUNT_OF_TABLE).map(([table, name]) => [name, dump.counts[table as keyof typeof dump.counts]]));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: packageJson.version,
      createdAt: now.toISOString(),
      counts: { ...(counts as Omit<BackupManifest["counts"], "files">), files: members.length - 1 },
      members,
      columns: dump.columns,
      missingFiles,
    };
    const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await addMember(pack, { name: MANIFEST_MEMBER, size: manifestJson.length, mtime: now }, manifestJson);
    pack.finalize();
    await finished;
    return manifest;
  } catch (error) {
    // `finished` rejects with this same error once the pack is destroyed; it is thrown here, and left unobserved
    // there it would end the process as an unhandled rejection before the caller could report it.
    finished.then(undefined, (same: unknown) => same);
    pack.destroy(error as Error);
    throw error;
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}

/** The backup as a stream (the download): errors end the stream with an error rather than a short, valid-looking file. */
export function backupStream(options: BackupOptions = {}): Readable {
  const out = new PassThrough();
  writeBackup(out, options).catch((error: unknown) => out.destroy(error as Error));
  return out;
}
