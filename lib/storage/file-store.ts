import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";

export type StoredFile = { path: string; bytes: number; sha256: string };

/** Files live under the data folder; the database keeps only these relative paths and hashes. */
export class FileStore {
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

  async removeTree(relativeDir: string): Promise<void> {
    await fs.rm(this.resolve(relativeDir), { recursive: true, force: true });
  }
}

export function snapshotFolder(linkId: number, snapshotId: number): string {
  return path.posix.join("snapshots", String(linkId), String(snapshotId));
}

export function linkFolder(linkId: number): string {
  return path.posix.join("snapshots", String(linkId));
}

let store: FileStore | undefined;
export function fileStore(): FileStore {
  store ??= new FileStore(config().dataDir);
  return store;
}
