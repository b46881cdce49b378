import crypto from "node:crypto";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import tar from "tar-stream";

// The .tar container, through tar-stream: members added one at a time from streams (with their sha256 taken on the
// way), and read back one at a time. Nothing here knows what the members mean.

export type Member = { name: string; size: number; sha256: string };

/** Adds one member of `size` bytes read from `source`; resolves once the whole member is in the archive. */
export function addMember(pack: tar.Pack, header: { name: string; size: number; mtime: Date }, source: Readable | Buffer): Promise<Member> {
  const hash = crypto.createHash("sha256");
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve({ name: header.name, size: header.size, sha256: hash.digest("hex") }));
    if (Buffer.isBuffer(source)) {
      hash.update(source);
      pack.entry({ ...header, type: "file", mode: 0o644 }, source, done);
      return;
    }
    const entry = pack.entry({ ...header, type: "file", mode: 0o644 }, done);
    source.on("data", (chunk: Buffer) => hash.update(chunk));
    source.on("error", (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.pipe(entry);
  });
}

export type MemberHeader = { name: string; size: number; type: string };

/**
 * Calls `visit` for every member of the archive in order, with its body as a stream (consumed or not: what is left is
 * skipped). A truncated or otherwise broken archive rejects.
 */
export async function forEachMember(file: string, visit: (header: MemberHeader, body: Readable) => Promise<void>): Promise<void> {
  const extract = tar.extract();
  const source = createReadStream(file);
  source.on("error", (error) => extract.destroy(error));
  source.pipe(extract);
  for await (const entry of extract) {
    const { name, size, type } = entry.header;
    await visit({ name, size: size ?? 0, type: type ?? "file" }, entry as unknown as Readable);
    entry.resume();
  }
}

/** The body's bytes, refusing more than `limit`. */
export async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`member larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function sha256Of(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}
