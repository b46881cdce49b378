import { z } from "@/lib/validation/zod";
import type { OriginalInfo } from "@/lib/capture/originals/types";
import { pageMetadataSchema, type PageMetadata } from "@/lib/capture/page/metadata";
import type { OverlayReport } from "@/lib/capture/page/overlays";
import type { CaptureLimits } from "@/lib/capture/types";

// The one module that writes and reads a snapshot's stored JSON columns. Rows are read defensively: old snapshots,
// hand-edited rows and unreadable values give "nothing known", never an error.
//
// metadataJson holds one of two shapes, told apart by originalPath:
//   - PageMetadata: what a rendered page declared about itself (Open Graph, JSON-LD, canonical URL, byline, dates);
//   - OriginalInfo: a kept file's facts (kind, file name, pages, title, author, dimensions, what could not be read).
// limitsJson holds the capture's notes (LimitNote[]), blockedJson the requests the capture refused (BlockedRequest[]).

export type { OriginalInfo, PageMetadata };

/** A note stored with a snapshot: which limit or measure applied, said for people. */
export type LimitNote = { limit: string; message: string };

/** A request the capture refused, and why. */
export type BlockedRequest = { url: string; reason: string };

type FactColumns = { metadataJson: string | null; limitsJson: string | null; blockedJson: string | null };

const MAX_BLOCKED = 200;

/** The JSON columns of a captured snapshot: a page's metadata or a kept file's info, its notes, its refused requests. */
export function factColumns(facts: { page: PageMetadata | null; original: OriginalInfo | null; notes: LimitNote[]; blocked: BlockedRequest[] }): FactColumns {
  const metadata = facts.original ?? facts.page;
  return {
    metadataJson: metadata ? JSON.stringify(metadata) : null,
    limitsJson: facts.notes.length > 0 ? JSON.stringify(facts.notes) : null,
    blockedJson: facts.blocked.length > 0 ? JSON.stringify(facts.blocked.slice(0, MAX_BLOCKED)) : null,
  };
}

/** The notes for the limits a capture hit (with the configured values in the words) and for the overlays it hid. */
export function captureNotes(limitsHit: string[], limits: CaptureLimits, overlays: OverlayReport | null): LimitNote[] {
  const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  const messages: Record<string, string> = {
    maxScreenshotHeight: `The full-page screenshot was cut at ${limits.maxScreenshotHeight} px.`,
    maxResourceBytes: `Resources larger than ${mib(limits.maxResourceBytes)} were left out.`,
    maxPageBytes: `The page's downloads passed ${mib(limits.maxPageBytes)}; the rest were left out.`,
    maxDocumentBytes: `The page itself was larger than ${mib(limits.maxDocumentBytes)}; only its first ${mib(limits.maxDocumentBytes)} were kept.`,
    maxRedirects: `A redirect chain longer than ${limits.maxRedirects} hops was not followed.`,
    navigationTimeout: `The page had not finished loading after ${Math.round(limits.navigationTimeoutMs / 1000)} s; what had rendered was kept.`,
  };
  const notes = [...new Set(limitsHit)].map((limit) => ({ limit, message: messages[limit] ?? `Limit reached: ${limit}.` }));
  const hidden = overlayNote(overlays);
  return hidden ? [...notes, hidden] : notes;
}

/** The note saying which overlays were hidden before the screenshot, or none. */
export function overlayNote(report: OverlayReport | null | undefined): LimitNote | null {
  if (!report || report.hidden.length === 0) return null;
  const names = [...new Set(report.hidden.map((h) => (h.kind === "cmp" ? `${h.name} consent banner` : `${h.kind} overlay (${h.name})`)))];
  const count = report.hidden.length;
  return {
    limit: "overlaysHidden",
    message: `${count} ${count === 1 ? "overlay was" : "overlays were"} hidden before the screenshot: ${names.slice(0, 6).join(", ")}${
      names.length > 6 ? ", …" : ""
    }${report.scrollUnlocked ? "; the page's scroll lock was undone" : ""}. (KURA_HIDE_OVERLAYS=0 keeps them.)`,
  };
}

function parseJson(json: string | null | undefined): unknown {
  if (!json) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** A rendered page's metadata; null for a kept file, for snapshots taken before metadata was stored, or when unreadable. */
export function pageMetadataOf(snapshot: { originalPath: string | null; metadataJson: string | null } | null | undefined): PageMetadata | null {
  if (!snapshot || snapshot.originalPath) return null;
  const parsed = pageMetadataSchema.safeParse(parseJson(snapshot.metadataJson));
  return parsed.success ? parsed.data : null;
}

const originalInfoSchema = z.object({
  kind: z.enum(["pdf", "image", "download"]),
  fileName: z.string(),
  pages: z.number().int().nonnegative().optional(),
  title: z.string().optional(),
  author: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  problem: z.enum(["encrypted", "damaged", "unreadableImage"]).optional(),
});

/** The kept file's facts (kind, name, pages, …) when the snapshot is a PDF, image or download; null for a rendered page. */
export function originalInfoOf(snapshot: { originalPath: string | null; metadataJson: string | null } | null | undefined): OriginalInfo | null {
  if (!snapshot?.originalPath) return null;
  const parsed = originalInfoSchema.safeParse(parseJson(snapshot.metadataJson));
  return parsed.success ? parsed.data : null;
}

/** The capture's notes (none when absent or unreadable). */
export function limitNotesOf(snapshot: { limitsJson: string | null }): LimitNote[] {
  const parsed = parseJson(snapshot.limitsJson);
  if (!Array.isArray(parsed)) return [];
  // Early rows stored bare limit names.
  return parsed.flatMap((n): LimitNote[] =>
    typeof n === "string"
      ? [{ limit: n, message: `Limit reached: ${n}.` }]
      : typeof n === "object" && n !== null && typeof (n as LimitNote).limit === "string" && typeof (n as LimitNote).message === "string"
        ? [{ limit: (n as LimitNote).limit, message: (n as LimitNote).message }]
        : [],
  );
}

const blockedSchema = z.array(z.object({ url: z.string(), reason: z.string() }));

/** The requests the capture refused (none when absent or unreadable). */
export function blockedRequestsOf(snapshot: { blockedJson: string | null }): BlockedRequest[] {
  const parsed = blockedSchema.safeParse(parseJson(snapshot.blockedJson));
  return parsed.success ? parsed.data : [];
}

/** Who wrote the page: the declared authors, else Readability's byline (one rule for the reader and the info tab). */
export function authorOf(metadata: PageMetadata): string | null {
  return metadata.authors.length > 0 ? metadata.authors.join(", ") : metadata.byline;
}
