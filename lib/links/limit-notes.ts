import type { CaptureLimits } from "@/lib/capture/types";

/** A note stored with a snapshot (Snapshot.limitsJson): which limit or measure applied, said for people. */
export type LimitNote = { limit: string; message: string };

/** The notes for the limits a capture hit, with the configured values in the words. */
export function limitNotes(hit: string[], limits: CaptureLimits): LimitNote[] {
  const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  const messages: Record<string, string> = {
    maxScreenshotHeight: `The full-page screenshot was cut at ${limits.maxScreenshotHeight} px.`,
    maxResourceBytes: `Resources larger than ${mib(limits.maxResourceBytes)} were left out.`,
    maxPageBytes: `The page's resources passed ${mib(limits.maxPageBytes)}; the rest were left out.`,
    maxRedirects: `A redirect chain longer than ${limits.maxRedirects} hops was not followed.`,
    navigationTimeout: `The page had not finished loading after ${Math.round(limits.navigationTimeoutMs / 1000)} s; what had rendered was kept.`,
  };
  return [...new Set(hit)].map((limit) => ({ limit, message: messages[limit] ?? `Limit reached: ${limit}.` }));
}

/** The notes stored in a snapshot's limitsJson (none when absent or unreadable, e.g. hand-edited rows). */
export function parseLimitNotes(json: string | null): LimitNote[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    // Early rows stored bare limit names.
    return parsed.flatMap((n): LimitNote[] =>
      typeof n === "string"
        ? [{ limit: n, message: `Limit reached: ${n}.` }]
        : typeof n === "object" && n !== null && typeof (n as LimitNote).limit === "string" && typeof (n as LimitNote).message === "string"
          ? [{ limit: (n as LimitNote).limit, message: (n as LimitNote).message }]
          : [],
    );
  } catch {
    return [];
  }
}
