import crypto from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform, Writable } from "node:stream";
import { hashOfBlobKey } from "@/lib/storage/blobs";
import { forEachMember, readAll, type Member } from "./archive";
import { readDatabaseRows } from "./database-file";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_TABLES,
  BackupRefused,
  COUNT_OF_TABLE,
  DATABASE_MEMBER,
  FILES_PREFIX,
  isSafeStoreKey,
  MANIFEST_MEMBER,
  manifestSchema,
  PATH_COLUMNS,
  type BackupManifest,
  type BackupTable,
} from "./format";

// Everything a restore checks before it changes anything: the archive reads to its end, every member is a plain file
// with a safe name, the manifest lists exactly the members there are with their sizes and sha256, database.json
// is the layout Kura writes with the counts the manifest says, its columns exist here, and every file a row points
// at is in the archive. Checksums find damage, not forgery: a made-up archive passes them, so the names and the rows'
// file paths are checked on their own.

const MANIFEST_LIMIT = 256 * 1024 * 1024;

export type VerifiedBackup = {
  manifest: BackupManifest;
  /** The verified database.json, extracted to a temporary folder (removed by `dispose`). */
  databaseFile: string;
  /** Store key → size and sha256, for every file member. */
  files: Map<string, { size: number; sha256: string }>;
  dispose(): Promise<void>;
};

const refuse = (why: string) => new BackupRefused(`This backup is refused: ${why}. Nothing was changed.`);

function checkName(name: string, type: string): void {
  if (type !== "file") throw refuse(`member “${name}” is a ${type}, not a file`);
  if (name === MANIFEST_MEMBER || name === DATABASE_MEMBER) return;
  if (!name.startsWith(FILES_PREFIX) || !isSafeStoreKey(name.slice(FILES_PREFIX.length))) throw refuse(`member name “${name}” is not one Kura writes`);
}

export async function verifyBackup(archive: string, targetColumns: Record<BackupTable, Set<string>>): Promise<VerifiedBackup> {
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), "kura-restore-"));
  const dispose = () => fs.rm(temp, { recursive: true, force: true });
  try {
    const databaseFile = path.join(temp, DATABASE_MEMBER);
    const seen: Member[] = [];
    const names = new Set<string>();
    let manifestBytes: Buffer | null = null;
    try {
      await forEachMember(archive, async ({ name, size, type }, body) => {
        checkName(name, type);
        if (name === MANIFEST_MEMBER ? manifestBytes !== null : names.has(name)) throw refuse(`member “${name}” appears twice`);
        if (name === MANIFEST_MEMBER) {
          manifestBytes = await readAll(body, MANIFEST_LIMIT);
          return;
        }
        names.add(name);
        const hash = crypto.createHash("sha256");
        let bytes = 0;
        const tap = new Transform({
          transform(chunk: Buffer, _encoding, next) {
            hash.update(chunk);
            bytes += chunk.length;
            next(null, chunk);
          },
        });
        // database.json is kept (it is read again, row by row); a file is only measured here.
        await pipeline(body, tap, name === DATABASE_MEMBER ? createWriteStream(databaseFile) : new Writable({ write: (_chunk, _encoding, next) => next() }));
        if (bytes !== size) throw refuse(`member “${name}” is cut short`);
        seen.push({ name, size: bytes, sha256: hash.digest("hex") });
      });
    } catch (error) {
      if (error instanceof BackupRefused) throw error;
      throw refuse(`the archive cannot be read to its end (${error instanceof Error ? error.message : String(error)}): it is damaged or truncated`);
    }
    if (!manifestBytes) throw refuse("it has no manifest.json (a truncated archive ends before it)");
    const manifest = parseManifest(manifestBytes);

    const listed = new Map(manifest.members.map((m) => [m.name, m]));
    if (listed.size !== manifest.members.length) throw refuse("the manifest lists a member twice");
    for (const member of seen) {
      const entry = listed.get(member.name);
      if (!entry) throw refuse(`member “${member.name}” is not in the manifest`);
      if (entry.size !== member.size) throw refuse(`member “${member.name}” has ${member.size} bytes, the manifest says ${entry.size}`);
      if (entry.sha256 !== member.sha256) throw refuse(`member “${member.name}” does not match its checksum (damaged)`);
    }
    const present = new Set(seen.map((m) => m.name));
    for (const name of listed.keys()) if (!present.has(name)) throw refuse(`member “${name}” is listed in the manifest but missing from the archive`);
    if (!present.has(DATABASE_MEMBER)) throw refuse("it has no database.json");

    const files = new Map(
      seen.filter((m) => m.name.startsWith(FILES_PREFIX)).map((m) => [m.name.slice(FILES_PREFIX.length), { size: m.size, sha256: m.sha256 }]),
    );
    // A blob is found by its hash: one holding other bytes would be handed to every later capture of those bytes.
    for (const [key, file] of files) {
      const named = hashOfBlobKey(key);
      if (named !== null && named !== file.sha256) throw refuse(`member “${FILES_PREFIX}${key}” does not hold the bytes its name says`);
    }
    if (manifest.counts.files !== files.size) throw refuse(`the manifest counts ${manifest.counts.files} files, the archive holds ${files.size}`);
    await checkRows(databaseFile, manifest, files, targetColumns);
    return { manifest, databaseFile, files, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function parseManifest(bytes: Buffer): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw refuse("manifest.json is not JSON");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success)
    throw refuse(`manifest.json is not a Kura backup manifest (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  if (parsed.data.format !== BACKUP_FORMAT || parsed.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw refuse(`it is backup format ${parsed.data.formatVersion}, made by Kura ${parsed.data.appVersion}; this Kura reads format ${BACKUP_FORMAT_VERSION}`);
  }
  return parsed.data;
}

async function checkRows(
  databaseFile: string,
  manifest: BackupManifest,
  files: Map<string, unknown>,
  targetColumns: Record<BackupTable, Set<string>>,
): Promise<void> {
  for (const table of BACKUP_TABLES) {
    const extra = (manifest.columns[table] ?? []).filter((c) => !targetColumns[table].has(c));
    if (extra.length) throw refuse(`its ${table} rows have columns this Kura does not know (${extra.join(", ")}): it was made by a newer Kura`);
  }
  const missing = new Set(manifest.missingFiles);
  for (const key of missing) if (files.has(key)) throw refuse(`“${key}” is said to be missing but is in the archive`);
  const counts = Object.fromEntries(BACKUP_TABLES.map((t) => [t, 0])) as Record<BackupTable, number>;
  try {
    for await (const { table, row } of readDatabaseRows(databaseFile)) {
      counts[table]++;
      for (const column of Object.keys(row))
        if (!targetColumns[table].has(column)) throw refuse(`a ${table} row has a column this Kura does not know (${column})`);
      for (const column of PATH_COLUMNS[table] ?? []) {
        const key = row[column];
        if (key === null || key === undefined) continue;
        if (typeof key !== "string" || !isSafeStoreKey(key)) throw refuse(`a ${table} row points at a file outside the store (${String(key)})`);
        if (!files.has(key) && !missing.has(key)) throw refuse(`a ${table} row points at “${key}”, which is not in the archive`);
      }
    }
  } catch (error) {
    if (error instanceof BackupRefused && !error.message.startsWith("This backup")) throw refuse(error.message.replace(/; nothing was changed\.$/, ""));
    throw error;
  }
  for (const table of BACKUP_TABLES) {
    const expected = manifest.counts[COUNT_OF_TABLE[table]];
    if (counts[table] !== expected) throw refuse(`database.json holds ${counts[table]} ${table} rows, the manifest says ${expected}`);
  }
}
