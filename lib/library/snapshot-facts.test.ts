import { describe, expect, it } from "vitest";
import { blockedRequestsOf, captureNotes, factColumns, limitNotesOf, originalInfoOf, overlayNote, pageMetadataOf, type PageMetadata } from "./snapshot-facts";

const limits = {
  navigationTimeoutMs: 20_000,
  budgetMs: 60_000,
  networkIdleMs: 500,
  maxScreenshotHeight: 4000,
  maxResourceBytes: 8 * 1024 * 1024,
  maxPageBytes: 1e8,
  maxDocumentBytes: 1e7,
  maxRedirects: 5,
};
const page: PageMetadata = {
  version: 1,
  canonicalUrl: "https://example.org/a",
  title: "A",
  description: null,
  siteName: null,
  type: "article",
  image: null,
  authors: [],
  publisher: null,
  publishedTime: null,
  modifiedTime: null,
  keywords: [],
  lang: "en",
  dir: null,
  byline: "Ann",
  excerpt: null,
  twitter: { card: null, site: null, creator: null },
  jsonLdTypes: [],
};

describe("snapshot facts", () => {
  it("stores a page's metadata, notes and refused requests, and reads each back as written", () => {
    const notes = captureNotes(["maxResourceBytes", "maxResourceBytes", "maxScreenshotHeight"], limits, {
      hidden: [{ kind: "cmp", name: "OneTrust" }],
      scrollUnlocked: false,
    });
    expect(notes.map((n) => n.limit)).toEqual(["maxResourceBytes", "maxScreenshotHeight", "overlaysHidden"]);
    expect(notes[0]!.message).toBe("Resources larger than 8 MiB were left out.");
    const row = { originalPath: null, ...factColumns({ page, original: null, notes, blocked: [{ url: "http://10.0.0.1/", reason: "private address" }] }) };
    expect(pageMetadataOf(row)).toEqual(page);
    expect(originalInfoOf(row)).toBeNull();
    expect(limitNotesOf(row)).toEqual(notes);
    expect(blockedRequestsOf(row)).toEqual([{ url: "http://10.0.0.1/", reason: "private address" }]);
  });

  it("tells a kept file's info from a page's metadata by its original file", () => {
    const info = { kind: "pdf" as const, fileName: "a.pdf", pages: 2 };
    const row = { originalPath: "snapshots/1/2/original.pdf", ...factColumns({ page, original: info, notes: [], blocked: [] }) };
    expect(originalInfoOf(row)).toEqual(info);
    expect(pageMetadataOf(row)).toBeNull();
    expect(row).toMatchObject({ limitsJson: null, blockedJson: null });
  });

  it("reads absent, old and unreadable values as nothing known", () => {
    const empty = { originalPath: null, metadataJson: null, limitsJson: null, blockedJson: null };
    expect([pageMetadataOf(empty), originalInfoOf(empty), limitNotesOf(empty), blockedRequestsOf(empty)]).toEqual([null, null, [], []]);
    // Page metadata of another version, or not JSON at all.
    expect(pageMetadataOf({ originalPath: null, metadataJson: JSON.stringify({ ...page, version: 2 }) })).toBeNull();
    expect(pageMetadataOf({ originalPath: null, metadataJson: '{"version":2}' })).toBeNull();
    expect(pageMetadataOf({ originalPath: null, metadataJson: "not json" })).toBeNull();
    const broken = { originalPath: "x", metadataJson: "{", limitsJson: '{"a":1}', blockedJson: "[1]" };
    expect([originalInfoOf(broken), limitNotesOf(broken), blockedRequestsOf(broken)]).toEqual([null, [], []]);
    // Early rows stored bare limit names.
    expect(limitNotesOf({ limitsJson: '["maxRedirects"]' })).toEqual([{ limit: "maxRedirects", message: "Limit reached: maxRedirects." }]);
  });

  it("words the overlay note from the overlay pass's report (the report a real capture of a OneTrust page gives, see page-extras.test.ts)", () => {
    expect(overlayNote({ hidden: [{ kind: "cmp", name: "OneTrust" }], scrollUnlocked: true })?.message).toMatch(
      /^1 overlay was hidden before the screenshot: OneTrust consent banner; the page's scroll lock was undone/,
    );
    expect(overlayNote({ hidden: [], scrollUnlocked: true })).toBeNull();
    expect(overlayNote(null)).toBeNull();
  });
});
