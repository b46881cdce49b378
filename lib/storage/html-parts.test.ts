import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobKey } from "./blobs";
import { LocalFileStore, type FileStore } from "./file-store";
import { DamagedSkeleton, MIN_PART_BYTES, parseSkeleton, SKELETON_EXTENSION, splitHtml } from "./html-parts";
import { openStoredFile, readStoredFile } from "./stored-file";
import { s3StoreOn, startS3Server } from "./testing";

// A split page joins back to the same bytes (length and SHA-256), on both stores, whole and in any byte range —
// including pages built to confuse a splitter: the same URI twice, URIs in CSS and srcset, base64 that does not
// re-encode to itself, non-base64 data URIs, and text that looks like a skeleton or a placeholder.

const sha = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
/** Deterministic bytes that do not compress to a pattern: a stand-in for an image. */
const image = (seed: string, bytes: number) => {
  const out = Buffer.alloc(bytes);
  for (let i = 0, block = 0; i < bytes; block++) i += crypto.createHash("sha256").update(`${seed}${block}`).digest().copy(out, i);
  return out;
};
const uri = (type: string, body: Buffer) => `data:${type};base64,${body.toString("base64")}`;

const logo = image("logo", 9000); // 9000 = 3 × 3000: base64 without padding
const photo = image("photo", 20_000); // 20000 = 3 × 6666 + 2: base64 with one "=" of padding
const font = image("font", 6_000);

/** A page as the serializer writes them: images in attributes and srcset, fonts and backgrounds in CSS. */
function page(extra = ""): string {
  return [
    "<!DOCTYPE html><html><head><meta charset=utf-8><title>Grüße — 日本語</title>",
    `<style>@font-face{font-family:X;src:url(${uri("font/woff2", font)}) format("woff2")}`,
    `body{background:url("${uri("image/png", logo)}")}</style></head><body>`,
    `<img src="${uri("image/png", logo)}" alt="the same logo again">`,
    `<img srcset="${uri("image/jpeg", photo)} 2x" src="${uri("image/jpeg", photo)}">`,
    `<div style="background-image:url('${uri("image/png", logo)}')">€ ✓ 😀</div>`,
    `<iframe srcdoc="&lt;img src=&quot;${uri("image/png", logo)}&quot;&gt;"></iframe>`,
    extra,
    "</body></html>",
  ].join("\n");
}

async function storeSplit(store: FileStore, html: string | Buffer): Promise<string> {
  const split = splitHtml(html);
  if (!split) {
    const plain = typeof html === "string" ? Buffer.from(html) : html;
    await store.write(blobKey(sha(plain), ".html"), plain);
    return blobKey(sha(plain), ".html");
  }
  for (const part of split.blobs) await store.write(part.key, part.body);
  const key = blobKey(sha(split.skeleton), SKELETON_EXTENSION);
  await store.write(key, split.skeleton);
  return key;
}

describe("splitHtml", () => {
  it("cuts every large canonical base64 payload out, each distinct one once, and leaves the rest in order", () => {
    const html = page();
    const split = splitHtml(html)!;
    expect(split.header.bytes).toBe(Buffer.byteLength(html));
    expect(split.header.sha256).toBe(sha(html));
    // logo 4× (CSS background, img, style attribute, srcdoc), photo 2× (srcset, src), font 1×: three blobs.
    expect(split.header.parts).toHaveLength(7);
    expect(split.blobs.map((b) => b.body.length).sort((a, b) => a - b)).toEqual([6000, 9000, 20_000]);
    expect(split.blobs.map((b) => path.extname(b.key)).sort()).toEqual([".jpg", ".png", ".woff2"]);
    for (const part of split.blobs) expect(part.key).toBe(blobKey(sha(part.body), path.extname(part.key)));
    expect(split.skeleton.length).toBeLessThan(3000);
    expect(split.skeleton.includes(logo.toString("base64").slice(0, 64))).toBe(false);
  });

  it("keeps small payloads, non-canonical base64 and non-base64 data URIs inline", () => {
    const small = image("small", MIN_PART_BYTES - 1);
    const canonical = logo.toString("base64");
    // The same bytes written in ways Buffer decodes but would write back otherwise: each stays inline as it was.
    const unpadded = photo.toString("base64").replace(/=+$/, "");
    const urlSafe = canonical.replace(/\+/g, "-").replace(/\//g, "_");
    const strayBits = `${photo.toString("base64").slice(0, -2)}B=`; // last character's unused bits set
    const html = [
      `<img src="data:image/png;base64,${small.toString("base64")}">`,
      `<img src="data:image/jpeg;base64,${unpadded}">`,
      `<img src="data:image/png;base64,${urlSafe}">`,
      `<img src="data:image/jpeg;base64,${strayBits}">`,
      `<img src="data:image/svg+xml,${encodeURIComponent("<svg>" + "x".repeat(20_000) + "</svg>")}">`,
      `<img src="data:image/png;base64,${canonical.slice(0, 4000)}\n${canonical.slice(4000)}">`,
    ].join("");
    expect(strayBits).not.toBe(photo.toString("base64"));
    const split = splitHtml(html);
    // Only the canonical run after the line break (long enough, a multiple of 4) could be cut; nothing else.
    for (const part of split?.header.parts ?? []) expect(part.bytes).toBe(Buffer.from(canonical.slice(4000), "base64").length);
    expect(split?.header.parts.length ?? 0).toBeLessThanOrEqual(1);
  });

  it("returns null for a page with nothing worth splitting", () => {
    expect(splitHtml("<!doctype html><p>hi</p>")).toBeNull();
    expect(splitHtml(`<img src="${uri("image/png", image("tiny", 100))}">`)).toBeNull();
  });

  it("refuses a skeleton that does not add up instead of joining other bytes", () => {
    const split = splitHtml(page())!;
    expect(() => parseSkeleton(Buffer.from("<!doctype html>"))).toThrow(DamagedSkeleton);
    const text = split.skeleton.toString("latin1");
    const forged = text.replace(/"bytes":(\d+),"sha256"/, (_m, n: string) => `"bytes":${Number(n) + 1},"sha256"`);
    expect(() => parseSkeleton(Buffer.from(forged, "latin1"))).toThrow(DamagedSkeleton);
    const outside = text.replace(/"key":"blobs\/sha256\/[^"]+"/, '"key":"../../etc/passwd"');
    expect(() => parseSkeleton(Buffer.from(outside, "latin1"))).toThrow(DamagedSkeleton);
  });
});

function roundTrips(name: string, makeStore: () => Promise<FileStore> | FileStore) {
  describe(`split pages read back byte for byte: ${name}`, () => {
    let store: FileStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("joins a page, hostile text included, to the same bytes, and a plain page reads as it is", async () => {
      // Text a placeholder scheme could trip over: the skeleton's own magic line and header, a skeleton-looking
      // JSON, NUL and invalid UTF-8 bytes. The header is positions, so none of it is ever looked at when joining.
      const hostile = Buffer.concat([
        Buffer.from(page(`<pre>KURA-HTML-SKELETON 1\n{"bytes":1,"sha256":"${"0".repeat(64)}","parts":[{"at":0,"key":"x","bytes":1}]}\n\u0000{{part:0}}</pre>`)),
        Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
        Buffer.from(`<p>${uri("image/png", logo)}</p>`),
      ]);
      for (const html of [Buffer.from(page()), hostile]) {
        const key = await storeSplit(store, html);
        expect(key.endsWith(SKELETON_EXTENSION)).toBe(true);
        const joined = await readStoredFile(store, key);
        expect(joined.length).toBe(html.length);
        expect(sha(joined)).toBe(sha(html));
        expect((await openStoredFile(store, key))!.bytes).toBe(html.length);
      }
      const plain = Buffer.from("<!doctype html><p>no parts</p>");
      const key = await storeSplit(store, plain);
      expect(key.endsWith(".html")).toBe(true);
      expect(await readStoredFile(store, key)).toEqual(plain);
    });

    it("reads any byte range, across part boundaries, as the same range of the page", async () => {
      const html = Buffer.from(page());
      const key = await storeSplit(store, html);
      const opened = (await openStoredFile(store, key))!;
      const { parts } = splitHtml(html)!.header;
      // Edges around the first part (its start lies at the same offset in the page), inside one part, spanning a
      // whole part and the text around it, a single byte, the last byte and a range running past the end.
      const first = parts[0]!.at;
      const ranges = [
        { start: first - 3, end: first + 2 },
        { start: first + 1, end: first + 4 },
        { start: first + 5, end: first + 5 },
        { start: first + 7, end: first + 4001 },
        { start: 0, end: html.length - 1 },
        { start: 10, end: html.length - 10 },
        { start: html.length - 1, end: html.length - 1 },
        { start: html.length - 300 },
      ];
      for (let n = 0; n < 40; n++) {
        const start = Math.floor(Math.random() * html.length);
        ranges.push({ start, end: Math.min(html.length - 1, start + Math.floor(Math.random() * 30_000)) });
      }
      for (const range of ranges) {
        const got = await buffer(await opened.stream(range));
        expect(got.equals(html.subarray(range.start, (range.end ?? html.length - 1) + 1)), JSON.stringify(range)).toBe(true);
      }
    });

    it("fails the read when a part is missing or has other bytes, never serving something else", async () => {
      const html = Buffer.from(page("<p>damaged</p>"));
      const split = splitHtml(html)!;
      const key = await storeSplit(store, html);
      const part = split.blobs.find((b) => b.body.length === 9000)!;
      await store.write(part.key, part.body.subarray(0, 8000));
      await expect(readStoredFile(store, key)).rejects.toThrow(/damaged store/);
      await store.delete(part.key);
      await expect(readStoredFile(store, key)).rejects.toThrow();
      await store.write(part.key, part.body);
      expect(sha(await readStoredFile(store, key))).toBe(sha(html));
      await store.delete(key);
      expect(await openStoredFile(store, key)).toBeNull();
    });
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kura-parts-"));
let s3: Awaited<ReturnType<typeof startS3Server>> | undefined;
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});
roundTrips("LocalFileStore", () => new LocalFileStore(root));
roundTrips("S3FileStore", async () => {
  s3 = await startS3Server("kura-parts");
  return s3StoreOn(s3, "kura");
});
