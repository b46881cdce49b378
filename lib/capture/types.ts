import type { Allowlist, LookupFn } from "@/lib/security/address-guard";
import type { OriginalCapture } from "./originals/types";
import type { PageSummary } from "./page/metadata";
import type { OverlayReport } from "./page/overlays";
import type { ReadableArticle } from "./page/scripts";

export type CaptureLimits = {
  navigationTimeoutMs: number;
  budgetMs: number;
  networkIdleMs: number;
  maxScreenshotHeight: number;
  maxResourceBytes: number;
  maxPageBytes: number;
  /** The main document when it is a page: cut here while it streams in (KURA_MAX_DOCUMENT_BYTES). */
  maxDocumentBytes: number;
  maxRedirects: number;
};

/** The steps a capture reports while it runs, in order. */
export type CaptureStep = "loading" | "scrolling" | "saving";

export type CaptureRequest = {
  url: string;
  allow: Allowlist;
  limits: CaptureLimits;
  /** Capture this HTML as if served at `url` (no network at all): used for the seeded write-ups. */
  html?: string;
  onStage?: (step: CaptureStep) => void;
  /** Name resolution for the capture's fetches (default: the system resolver); for tests. */
  lookup?: LookupFn;
  /** Hide cookie-consent and newsletter overlays before the screenshot (KURA_HIDE_OVERLAYS; see page/overlays.ts). */
  hideOverlays?: boolean;
  /** Aborting stops the capture at once (cancel, shutdown, Ctrl-C): it then rejects with the abort's reason. */
  signal?: AbortSignal;
};

/** How every capture of a process runs (from the configuration): what it may reach, its limits, the overlay pass. */
export type CaptureSettings = Pick<CaptureRequest, "allow" | "limits" | "hideOverlays" | "lookup">;

export type CaptureResult = {
  finalUrl: string;
  httpStatus: number;
  contentType: string;
  metadata: PageSummary;
  article: ReadableArticle | null;
  /** Readability's main content, sanitized, images inlined (null when Readability found no article). */
  readerHtml: string | null;
  /** What the overlay pass hid (null when it did not run). */
  overlays: OverlayReport | null;
  text: string;
  /** Everything a reader can see or open on the page (lib/capture/page/visible-text.ts); null for a kept file. */
  pageText: string | null;
  /** The single-file snapshot; null when the URL answered with a file (then `original` holds it). */
  html: string | null;
  /** Null only for a kept file that has no picture (a download, a PDF that could not be drawn). */
  screenshot: Buffer | null;
  thumbnail: Buffer | null;
  /** A PDF, image or download kept byte-for-byte instead of a rendered page. */
  original: OriginalCapture | null;
  favicon: { contentType: string; body: Buffer } | null;
  limitsHit: string[];
  /** Body bytes the capture downloaded (every status counted), never more than `limits.maxPageBytes`. */
  receivedBytes: number;
  blocked: Array<{ url: string; reason: string }>;
  timings: Record<string, number>;
};
