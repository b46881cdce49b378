import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { ByteRange, FileStore } from "./file-store";
import { encodedLength, parseSkeleton, segmentsOf, SKELETON_EXTENSION, type SkeletonHeader } from "./html-parts";

// The one way to read a stored file as its row means it: most keys are the file itself, a page skeleton
// (lib/storage/html-parts.ts) is joined with its parts. Every reader of a snapshot's HTML — the archive and API
// file routes, backups' checks, tests and benches — goes through here, so a split page reads as the page it was.

export type OpenedFile = {
  /** The file's length as read (a joined page's, not its skeleton's). */
  bytes: number;
  /** The whole file or one inclusive byte range of it, read as the consumer reads. */
  stream(range?: ByteRange): Promise<Readable>;
};

export function isSkeletonKey(key: string): boolean {
  return key.endsWith(SKELETON_EXTENSION);
}

/** Null when the file (or, for a page, its skeleton) is not in the store. */
export async function openStoredFile(store: FileStore, key: string): Promise<OpenedFile | null> {
  if (!isSkeletonKey(key)) {
    const stat = await store.stat(key);
    return stat ? { bytes: stat.bytes, stream: (range) => store.stream(key, range) } : null;
  }
  if (!(await store.stat(key))) return null;
  // The skeleton is the page without its large payloads (read whole: it is the small part of the page); the parts
  // are streamed, each only for the range asked.
  const { header, body } = parseSkeleton(await store.read(key));
  return {
    bytes: header.bytes,
    stream: async (range) => Readable.from(joined(store, header, body, range)),
  };
}

/** The whole file as read (see openStoredFile); throws when it is not there. */
export async function readStoredFile(store: FileStore, key: string): Promise<Buffer> {
  const opened = await openStoredFile(store, key);
  if (!opened) throw Object.assign(new Error(`Stored file not found: ${key}`), { code: "ENOENT" });
  return buffer(await opened.stream());
}

async function* joined(store: FileStore, header: SkeletonHeader, body: Buffer, range?: ByteRange): AsyncGenerator<Buffer> {
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? header.bytes - 1, header.bytes - 1);
  for (const segment of segmentsOf(header, body, start, end)) {
    if (segment.kind === "text") {
      yield segment.body;
      continue;
    }
    yield* encodedRange(store, segment.key, segment.bytes, segment.from, segment.to);
  }
}

/**
 * Characters [from, to) of a part's base64 payload, from the decoded bytes that hold them (3 bytes make 4
 * characters, so the read starts at the group holding `from`), re-encoded as they stream. A part of another size
 * than the skeleton says (a damaged store) fails the read rather than give other bytes.
 */
async function* encodedRange(store: FileStore, key: string, bytes: number, from: number, to: number): AsyncGenerator<Buffer> {
  const firstGroup = Math.floor(from / 4);
  const lastGroup = Math.floor((to - 1) / 4);
  const decodedStart = firstGroup * 3;
  const decodedEnd = Math.min(lastGroup * 3 + 2, bytes - 1);
  let skip = from - firstGroup * 4;
  let remaining = to - from;
  let carry: Buffer = Buffer.alloc(0);
  let read = 0;
  const emit = (encoded: string): Buffer | null => {
    let text = encoded;
    if (skip > 0) {
      const dropped = Math.min(skip, text.length);
      text = text.slice(dropped);
      skip -= dropped;
    }
    if (text.length > remaining) text = text.slice(0, remaining);
    remaining -= text.length;
    return text.length > 0 ? Buffer.from(text, "latin1") : null;
  };
  for await (const chunk of await store.stream(key, { start: decodedStart, end: decodedEnd })) {
    const data = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    read += (chunk as Buffer).length;
    const whole = data.length - (data.length % 3);
    carry = data.subarray(whole);
    const out = emit(data.subarray(0, whole).toString("base64"));
    if (out) yield out;
  }
  if (carry.length) {
    const out = emit(carry.toString("base64"));
    if (out) yield out;
  }
  if (read !== decodedEnd - decodedStart + 1 || remaining !== 0 || encodedLength(bytes) < to) {
    throw new Error(`Stored page part ${key} does not hold the bytes its page expects (damaged store)`);
  }
}
