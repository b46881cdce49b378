import crypto from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { bestEffort, tolerate } from "@/lib/log/best-effort";

export type StoredFile = { path: string; bytes: number; sha256: string };
export type FileStat = { path: string; bytes: number; modifiedAt: Date };
/** Inclusive byte range, as in an HTTP Range header; `end` omitted means "to the end of the file". */
export type ByteRange = { start: number; end?: number };

/**
 * Where snapshot files live. Paths are relative, "/"-separated keys (blobs/sha256/<2 hex>/<hash>.<ext>, or snapshots/<link>/<snapshot>/<name> from before blobs); the
 * database keeps only these keys and hashes, so a store can be swapped without touching rows.
 */
export interface FileStore {
  write(relativePath: string, data: Buffer | string): Promise<StoredFile>;
  read(relativePath: string): Promise<Buffer>;
  /** A Node stream of the whole file or one byte range: what a Range response needs without loading the file. */
  stream(relativePath: string, range?: ByteRange): Promise<Readable>;
  /** Null when the file is not there. */
  stat(relativePath: string): Promise<FileStat | null>;
  /**
   * Makes a file's modification time now, leaving its bytes as they are: a stored blob that a new capture reuses
   * looks freshly written to the sweep. False when the file is not there.
   */
  touch(relativePath: string): Promise<boolean>;
  /** Removing a file that is not there is not an error. */
  delete(relativePath: string): Promise<void>;
  /** Every key under a folder prefix ("snapshots/12"), sorted. */
  list(prefix: string): Promise<string[]>;
  removeTree(relativeDir: string): Promise<void>;
  /**
   * Every object under a folder prefix with its size and age, leftovers of interrupted writes included (what the
   * orphan sweep must see; `list` hides them). Bounded by `limit`.
   */
  scan(prefix: string, limit: number): Promise<FileStat[]>;
  /** Removes the empty folders under a prefix that `keep` does not protect (stores without folders do nothing). */
  removeEmptyFolders(prefix: string, keep: (relativeDir: string, modifiedAt: Date) => boolean): Promise<void>;
}

/** Files live under the data folder, at the same relative paths the rows name. */
export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  /** Absolute path of a stored file; refuses anything that would step outside the data folder. */
  resolve(relativePath: string): string {
    const absolute = path.resolve(this.root, relativePath);
    if (absolute !== this.root && !absolute.startsWith(this.root + path.sep)) {
      throw new Error(`Refusing a path outside the data folder: ${relativePath}`);
    }
    return absolute;
  }

  /** Written under a temporary name and renamed, so a reader never sees half a file. */
  async write(relativePath: string, data: Buffer | string): Promise<StoredFile> {
    const target = this.resolve(relativePath);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    const buffer = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    await fs.writeFile(temp, buffer);
    await fs.rename(temp, target);
    return {
      path: relativePath,
      bytes: buffer.length,
      sha256: crypto.createHash("sha256").update(buffer).digest("hex"),
    };
  }

  async read(relativePath: string): Promise<Buffer> {
    return fs.readFile(this.resolve(relativePath));
  }

  async stream(relativePath: string, range?: ByteRange): Promise<Readable> {
    const absolute = this.resolve(relativePath);
    await fs.access(absolute); // a missing file fails here (ENOENT), not later as a stream error
    return createReadStream(absolute, range ? { start: range.start, end: range.end } : undefined);
  }

  async stat(relativePath: string): Promise<FileStat | null> {
    const found = await fs.stat(this.resolve(relativePath)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    return found?.isFile() ? { path: relativePath, bytes: found.size, modifiedAt: found.mtime } : null;
  }

  async touch(relativePath: string): Promise<boolean> {
    const now = new Date();
    const touched = await tolerate(
      ["ENOENT"],
      fs.utimes(this.resolve(relativePath), now, now).then(() => true),
    );
    return touched === true;
  }

  async delete(relativePath: string): Promise<void> {
    await fs.rm(this.resolve(relativePath), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.resolve(prefix);
    const entries = await fs.readdir(base, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
      throw error;
    });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith(".tmp"))
      .map((entry) => path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .sort();
  }

  async removeTree(relativeDir: string): Promise<void> {
    await fs.rm(this.resolve(relativeDir), { recursive: true, force: true });
  }

  async scan(prefix: string, limit: number): Promise<FileStat[]> {
    const found: FileStat[] = [];
    for (const entry of await this.walk(prefix, limit)) {
      if (entry.kind === "file") found.push({ path: entry.path, bytes: entry.bytes, modifiedAt: entry.modifiedAt });
    }
    return found;
  }

  async removeEmptyFolders(prefix: string, keep: (relativeDir: string, modifiedAt: Date) => boolean): Promise<void> {
    const folders = (await this.walk(prefix, Number.MAX_SAFE_INTEGER)).filter((e) => e.kind === "folder");
    // Deepest first, so a folder emptied by its children goes too.
    for (const folder of folders.sort((a, b) => b.depth - a.depth)) {
      if (keep(folder.path, folder.modifiedAt)) continue;
      // A folder that still holds files is kept (ENOTEMPTY, EEXIST on some systems); ENOENT: gone already.
      const removing = tolerate(["ENOTEMPTY", "EEXIST", "ENOENT"], fs.rmdir(this.resolve(folder.path)));
      await bestEffort(removing, "removing an empty snapshot folder (it may be unwritable); it is kept");
    }
  }

  /** Files and folders under a prefix, lstat'ed (a link is never followed out of the data folder). */
  private async walk(prefix: string, limit: number): Promise<WalkEntry[]> {
    const found: WalkEntry[] = [];
    const visit = async (dir: string, depth: number) => {
      // ENOENT: nothing stored yet, or the folder went with its entry meanwhile.
      const listing = await bestEffort(
        tolerate(["ENOENT", "ENOTDIR"], fs.readdir(dir, { withFileTypes: true })),
        "listing a stored folder (it may be unreadable); it is left alone",
      );
      for (const entry of listing ?? []) {
        if (found.length >= limit) return;
        const absolute = path.join(dir, entry.name);
        const rel = path.relative(this.root, absolute).split(path.sep).join("/");
        const stat = await bestEffort(tolerate(["ENOENT"], fs.lstat(absolute)), "reading a stored file's age; it is left alone");
        if (!stat) continue;
        if (stat.isDirectory()) {
          found.push({ kind: "folder", path: rel, bytes: 0, modifiedAt: stat.mtime, depth });
          await visit(absolute, depth + 1);
        } else if (stat.isFile()) {
          found.push({ kind: "file", path: rel, bytes: stat.size, modifiedAt: stat.mtime, depth });
        }
      }
    };
    await visit(this.resolve(prefix), 1);
    return found;
  }
}

type WalkEntry = FileStat & { kind: "file" | "folder"; depth: number };

export function snapshotFolder(linkId: number, snapshotId: number): string {
  return path.posix.join("snapshots", String(linkId), String(snapshotId));
}

export function linkFolder(linkId: number): string {
  return path.posix.join("snapshots", String(linkId));
}
