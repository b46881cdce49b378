import crypto from "node:crypto";
import { blobKey, isBlobKey } from "./blobs";

// A snapshot's HTML inlines every image, font and stylesheet resource as a data: URI, so the same logo on a thousand
// pages would be stored a thousand times inside a thousand different HTML files. Splitting moves each large base64
// data: URI's payload into a blob of its own (the decoded bytes, named by their hash like every blob) and stores
// the rest of the page as a "skeleton": a header that says where each part goes, then the page without those
// payloads. Joining puts the payloads back, and gives the page byte for byte: same length, same SHA-256.
//
// Why positions and not placeholders: a placeholder is text, and a hostile (or just unlucky) page can contain that
// text already. The skeleton's header names byte offsets into its body, so nothing in the body is ever looked at
// when joining, whatever the page holds.
//
// The scan is on bytes, not on HTML syntax: wherever the serializer writes a data: URI (an attribute, a srcset, a
// url() in a <style> or a style attribute, a srcdoc iframe's escaped HTML, or the page's own text), the payload is
// the same run of base64 characters, and cutting it out and putting it back is exact whatever surrounds it.

/** A skeleton blob ends in this, so a reader knows from the key alone that the file must be joined. */
export const SKELETON_EXTENSION = ".skeleton";
const MAGIC = "KURA-HTML-SKELETON 1\n";

/**
 * The smallest payload (decoded bytes) that gets a blob of its own. Each part costs a row (SnapshotPart), an entry
 * in the skeleton's header (~110 bytes), a file (a 4 KiB block at least on a local ext4 folder, an object and a
 * GET per replay on S3) and a read when the page is served. Below about 4 KiB that costs more than the copy it
 * saves; the pages' shared weight (photos, hero images, web fonts: 10 KiB–1 MiB) is well above it, while the small
 * icons and 1-pixel spacers pages are full of stay inline.
 */
export const MIN_PART_BYTES = 4096;

/** `data:` + a media type with parameters (bounded) + `;base64,`, then the longest run of base64 characters. */
const DATA_URI = /data:[\w.+\-/]{0,100}(?:;[\w.+\-=]{0,100}){0,8}?;base64,([A-Za-z0-9+/]+={0,2})/gi;

export type SkeletonPart = {
  /** Byte offset in the skeleton's body where this payload is put back. */
  at: number;
  /** The blob holding the payload's decoded bytes. */
  key: string;
  /** Decoded bytes; the payload is 4 × ceil(bytes / 3) base64 characters (only canonical, padded base64 is split). */
  bytes: number;
};

export type SkeletonHeader = {
  /** Length and SHA-256 of the joined page: what Snapshot.htmlBytes and htmlSha256 say. */
  bytes: number;
  sha256: string;
  parts: SkeletonPart[];
};

export type SplitHtml = {
  skeleton: Buffer;
  header: SkeletonHeader;
  /** Each distinct part once (the same URI twice in a page is one blob), with the bytes to store under its key. */
  blobs: Array<{ key: string; body: Buffer }>;
};

/** The base64 length of `bytes` decoded bytes, padded. */
export function encodedLength(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The extension of a part blob, from the media type its URI declared (only a plain token; else ".bin"). */
function partExtension(mediaType: string): string {
  const subtype = /^[a-z]+\/([a-z0-9]+)(?:\+[a-z0-9]+)?$/i.exec(mediaType)?.[1]?.toLowerCase();
  if (!subtype) return ".bin";
  return subtype === "jpeg" ? ".jpg" : subtype === "svg" ? ".svg" : `.${subtype.slice(0, 16)}`;
}

/**
 * Splits a page: every base64 data: URI payload of at least MIN_PART_BYTES decoded bytes whose re-encoding is exactly
 * the text in the page (canonical, padded base64; anything else — unpadded, stray bits, line breaks — stays inline,
 * since its bytes could not be given back) becomes a part. Null when nothing is worth splitting: the page is then
 * stored as it is.
 */
export function splitHtml(html: Buffer | string, minPartBytes = MIN_PART_BYTES): SplitHtml | null {
  const page = typeof html === "string" ? Buffer.from(html, "utf8") : html;
  // latin1 maps each byte to one character, so string offsets are byte offsets, whatever the page's encoding.
  const text = page.toString("latin1");
  const minLength = encodedLength(minPartBytes);
  const cuts: Array<{ start: number; end: number; key: string; bytes: number }> = [];
  const blobs = new Map<string, Buffer>();
  for (const match of text.matchAll(DATA_URI)) {
    const payload = match[1]!;
    if (payload.length < minLength || payload.length % 4 !== 0) continue;
    const body = Buffer.from(payload, "base64");
    if (body.toString("base64") !== payload) continue;
    const mediaType = match[0].slice(5, match[0].indexOf(";"));
    const key = blobKey(crypto.createHash("sha256").update(body).digest("hex"), partExtension(mediaType));
    const start = match.index + match[0].length - payload.length;
    cuts.push({ start, end: start + payload.length, key, bytes: body.length });
    if (!blobs.has(key)) blobs.set(key, body);
  }
  if (cuts.length === 0) return null;

  const pieces: Buffer[] = [];
  const parts: SkeletonPart[] = [];
  let from = 0;
  let at = 0;
  for (const cut of cuts) {
    pieces.push(page.subarray(from, cut.start));
    at += cut.start - from;
    parts.push({ at, key: cut.key, bytes: cut.bytes });
    from = cut.end;
  }
  pieces.push(page.subarray(from));
  const header: SkeletonHeader = { bytes: page.length, sha256: crypto.createHash("sha256").update(page).digest("hex"), parts };
  const skeleton = Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, "utf8"), ...pieces]);
  return { skeleton, header, blobs: [...blobs].map(([key, body]) => ({ key, body })) };
}

export class DamagedSkeleton extends Error {
  override name = "DamagedSkeleton";
}

/** The header and body of a stored skeleton; throws DamagedSkeleton when it is not one or does not add up. */
export function parseSkeleton(skeleton: Buffer): { header: SkeletonHeader; body: Buffer } {
  if (skeleton.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) throw new DamagedSkeleton("not a page skeleton");
  const end = skeleton.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw new DamagedSkeleton("a page skeleton without its header");
  let header: SkeletonHeader;
  try {
    header = JSON.parse(skeleton.subarray(MAGIC.length, end).toString("utf8")) as SkeletonHeader;
  } catch {
    throw new DamagedSkeleton("a page skeleton whose header is not JSON");
  }
  const body = skeleton.subarray(end + 1);
  // Offsets in order and inside the body, keys that are blobs, and lengths that add up to the page's: a join can
  // then never read outside either, and always gives `bytes` bytes.
  let previous = 0;
  let total = body.length;
  for (const part of header.parts ?? []) {
    if (!Number.isSafeInteger(part.at) || part.at < previous || part.at > body.length) throw new DamagedSkeleton("a page skeleton with a part out of place");
    if (!Number.isSafeInteger(part.bytes) || part.bytes < 1 || typeof part.key !== "string" || !isBlobKey(part.key))
      throw new DamagedSkeleton("a page skeleton with a bad part");
    previous = part.at;
    total += encodedLength(part.bytes);
  }
  if (!Array.isArray(header.parts) || total !== header.bytes || !/^[0-9a-f]{64}$/.test(header.sha256))
    throw new DamagedSkeleton("a page skeleton whose sizes do not add up");
  return { header, body };
}

/** A piece of the joined page: bytes of the skeleton's body, or (a range of) a part's payload. */
export type Segment = { kind: "text"; body: Buffer } | { kind: "part"; key: string; bytes: number; from: number; to: number };

/**
 * The pieces of the joined page's bytes [start, end] (inclusive, as in a Range header), in order: a part's `from`
 * and `to` are offsets in its base64 payload (to exclusive). What a reader streams, so a range needs only the
 * parts it crosses.
 */
export function segmentsOf(header: SkeletonHeader, body: Buffer, start = 0, end = header.bytes - 1): Segment[] {
  const segments: Segment[] = [];
  let position = 0; // in the joined page
  let from = 0; // in the body
  const take = (length: number, make: (lo: number, hi: number) => Segment | null) => {
    const lo = Math.max(start - position, 0);
    const hi = Math.min(end + 1 - position, length);
    if (lo < hi) {
      const segment = make(lo, hi);
      if (segment) segments.push(segment);
    }
    position += length;
  };
  for (const part of header.parts) {
    const textStart = from;
    take(part.at - from, (lo, hi) => ({ kind: "text", body: body.subarray(textStart + lo, textStart + hi) }));
    from = part.at;
    take(encodedLength(part.bytes), (lo, hi) => ({ kind: "part", key: part.key, bytes: part.bytes, from: lo, to: hi }));
  }
  const textStart = from;
  take(body.length - from, (lo, hi) => ({ kind: "text", body: body.subarray(textStart + lo, textStart + hi) }));
  return segments;
}

/** The keys of the distinct parts a skeleton names. */
export function partKeys(header: SkeletonHeader): string[] {
  return [...new Set(header.parts.map((p) => p.key))];
}
