import { Prisma } from "@/lib/generated/prisma/client";
import { db, onPostgres } from "@/lib/db/client";
import { isSeeded, SNAPSHOT_STATUS } from "@/lib/db/vocabulary";
import { failureText, type FailureKind } from "@/lib/i18n/failure-text";

// The stats page's numbers: entries and captures per month, stored bytes by site and by kind of file, and why
// captures failed. Months are calendar months in UTC (the stored times are UTC; a month's bar never moves with
// the viewer's time zone). Bytes are the sizes recorded when each file was written (the reader article and the
// favicon record none, so they are not counted).

/** "2026-12": a calendar month in UTC. */
export type Month = string;

/** The kinds of stored file the page counts; an original file is a PDF, an image or another download. */
export type StoredFileType = "html" | "screenshot" | "thumbnail" | "pdf" | "image" | "download";

export type SiteStorage = {
  /** The entry's host name; null for the shipped write-ups (one row, named by the page). */
  site: string | null;
  bytes: number;
  entries: number;
};

export type LibraryStats = {
  /** The months shown, oldest first, every month present (zero when nothing happened). */
  months: Month[];
  entries: { total: number; earlier: number; perMonth: number[] };
  captures: { ready: number[]; failed: number[]; earlier: { ready: number; failed: number } };
  storage: {
    /** What the entries' files add up to, each counted for every capture that refers to it. */
    total: number;
    /** What the store holds for them: a file shared by several captures (identical files are kept once, as one
     * content-addressed blob) counted once. */
    onDisk: number;
    /** Largest first; at most `topSites`. */
    bySite: SiteStorage[];
    /** The sites past the top ones, together (null when there are none). */
    otherSites: { sites: number; bytes: number; entries: number } | null;
    /** Largest first; types with no bytes are left out. */
    byType: Array<{ type: StoredFileType; bytes: number; files: number }>;
  };
  /** Failed captures by reason, most frequent first. */
  failures: Array<{ kind: FailureKind; count: number }>;
};

export type StatsOptions = { now?: Date; months?: number; topSites?: number };

/** The `count` months ending with `now`'s, oldest first. */
export function monthsUntil(now: Date, count: number): Month[] {
  return Array.from({ length: count }, (_, n) => {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - n), 1));
    return first.toISOString().slice(0, 7);
  });
}

/** The type of a kept original file, from the content type it was served with. */
export function originalType(contentType: string | null): "pdf" | "image" | "download" {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/pdf") return "pdf";
  if (type.startsWith("image/")) return "image";
  return "download";
}

/** The host an entry's address names; the address itself when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

// SQLite hands integers back as BigInt through the driver adapter when they are large: numbers, always.
const num = (value: unknown): number => Number(value ?? 0);

export async function libraryStats(options: StatsOptions = {}): Promise<LibraryStats> {
  // The month as stored text ("2026-12"): SQLite keeps ISO 8601 text, PostgreSQL a timestamp (UTC on both).
  const monthOf = onPostgres() ? Prisma.raw(`to_char("createdAt", 'YYYY-MM')`) : Prisma.raw(`strftime('%Y-%m', "createdAt")`);
  const months = monthsUntil(options.now ?? new Date(), options.months ?? 12);
  // Grouped by the month written in the stored text (the driver adapter keeps ISO 8601), over the whole history:
  // a few rows per month, split below into the months shown and the ones before.
  const [entryRows, captureRows, siteRows, typeSums, originals, failedRows, distinctFiles] = await Promise.all([
    db().$queryRaw<Array<{ month: string; count: bigint }>>`
      SELECT ${monthOf} AS month, COUNT(*) AS count FROM "Link" GROUP BY month`,
    db().$queryRaw<Array<{ month: string; status: string; count: bigint }>>`
      SELECT ${monthOf} AS month, "status", COUNT(*) AS count FROM "Snapshot"
      WHERE "status" IN (${SNAPSHOT_STATUS.ready}, ${SNAPSHOT_STATUS.failed}) GROUP BY month, "status"`,
    // One row per entry with stored files: the site is read from its address here (URL parsing is not SQL's).
    db().$queryRaw<Array<{ url: string; origin: string; bytes: bigint }>>`
      SELECT l."url" AS url, l."origin" AS origin,
        SUM(COALESCE(s."htmlBytes", 0) + COALESCE(s."screenshotBytes", 0) + COALESCE(s."thumbnailBytes", 0) + COALESCE(s."originalBytes", 0)) AS bytes
      FROM "Snapshot" s JOIN "Link" l ON l."id" = s."linkId" GROUP BY l."id"
      HAVING SUM(COALESCE(s."htmlBytes", 0) + COALESCE(s."screenshotBytes", 0) + COALESCE(s."thumbnailBytes", 0) + COALESCE(s."originalBytes", 0)) > 0`,
    db().snapshot.aggregate({
      _sum: { htmlBytes: true, screenshotBytes: true, thumbnailBytes: true },
      _count: { htmlBytes: true, screenshotBytes: true, thumbnailBytes: true },
    }),
    db().snapshot.groupBy({ by: ["contentType"], where: { originalBytes: { not: null } }, _sum: { originalBytes: true }, _count: { _all: true } }),
    db().snapshot.groupBy({ by: ["error"], where: { status: SNAPSHOT_STATUS.failed }, _count: { _all: true } }),
    // UNION (not UNION ALL) keeps each stored key once: captures that share a blob name the same path.
    db().$queryRaw<Array<{ bytes: bigint | null }>>`
      SELECT SUM(bytes) AS bytes FROM (
        SELECT "htmlPath" AS path, "htmlBytes" AS bytes FROM "Snapshot" WHERE "htmlPath" IS NOT NULL AND "htmlBytes" IS NOT NULL
        UNION SELECT "screenshotPath", "screenshotBytes" FROM "Snapshot" WHERE "screenshotPath" IS NOT NULL AND "screenshotBytes" IS NOT NULL
        UNION SELECT "thumbnailPath", "thumbnailBytes" FROM "Snapshot" WHERE "thumbnailPath" IS NOT NULL AND "thumbnailBytes" IS NOT NULL
        UNION SELECT "originalPath", "originalBytes" FROM "Snapshot" WHERE "originalPath" IS NOT NULL AND "originalBytes" IS NOT NULL) AS files`,
  ]);

  const entries = perMonth(months, entryRows);
  const ready = perMonth(
    months,
    captureRows.filter((row) => row.status === SNAPSHOT_STATUS.ready),
  );
  const failed = perMonth(
    months,
    captureRows.filter((row) => row.status === SNAPSHOT_STATUS.failed),
  );
  return {
    months,
    entries: { total: entries.total, earlier: entries.earlier, perMonth: entries.counts },
    captures: { ready: ready.counts, failed: failed.counts, earlier: { ready: ready.earlier, failed: failed.earlier } },
    storage: { ...storageOf(siteRows, typeSums, originals, options.topSites ?? 8), onDisk: num(distinctFiles[0]?.bytes) },
    failures: failuresOf(failedRows.map((row) => ({ error: row.error, count: row._count._all }))),
  };
}

/** Monthly counts laid over the months shown; months before them add up to `earlier`. */
function perMonth(months: Month[], rows: Array<{ month: string; count: bigint }>) {
  const index = new Map(months.map((m, n) => [m, n]));
  const counts = months.map(() => 0);
  let earlier = 0;
  let total = 0;
  for (const row of rows) {
    const count = num(row.count);
    total += count;
    const n = index.get(row.month);
    if (n !== undefined) counts[n]! += count;
    else if (row.month < months[0]!) earlier += count;
  }
  return { counts, earlier, total };
}

type TypeSums = {
  _sum: { htmlBytes: number | null; screenshotBytes: number | null; thumbnailBytes: number | null };
  _count: { htmlBytes: number; screenshotBytes: number; thumbnailBytes: number };
};
type OriginalSums = Array<{ contentType: string | null; _sum: { originalBytes: number | null }; _count: { _all: number } }>;

function storageOf(siteRows: Array<{ url: string; origin: string; bytes: bigint }>, sums: TypeSums, originals: OriginalSums, topSites: number) {
  const sites = new Map<string | null, SiteStorage>();
  for (const row of siteRows) {
    const site = isSeeded(row) ? null : hostOf(row.url);
    const entry = sites.get(site) ?? { site, bytes: 0, entries: 0 };
    entry.bytes += num(row.bytes);
    entry.entries += 1;
    sites.set(site, entry);
  }
  // Ties keep a stable order (by name), so the page does not shuffle between two loads.
  const ranked = [...sites.values()].sort((a, b) => b.bytes - a.bytes || (a.site ?? "").localeCompare(b.site ?? ""));
  const rest = ranked.slice(topSites);
  const types = new Map<StoredFileType, { type: StoredFileType; bytes: number; files: number }>();
  const add = (type: StoredFileType, bytes: number | null, files: number) => {
    const entry = types.get(type) ?? { type, bytes: 0, files: 0 };
    entry.bytes += bytes ?? 0;
    entry.files += files;
    types.set(type, entry);
  };
  add("html", sums._sum.htmlBytes, sums._count.htmlBytes);
  add("screenshot", sums._sum.screenshotBytes, sums._count.screenshotBytes);
  add("thumbnail", sums._sum.thumbnailBytes, sums._count.thumbnailBytes);
  for (const row of originals) add(originalType(row.contentType), row._sum.originalBytes, row._count._all);
  const byType = [...types.values()].filter((t) => t.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  return {
    total: ranked.reduce((sum, s) => sum + s.bytes, 0),
    bySite: ranked.slice(0, topSites),
    otherSites:
      rest.length === 0 ? null : { sites: rest.length, bytes: rest.reduce((sum, s) => sum + s.bytes, 0), entries: rest.reduce((sum, s) => sum + s.entries, 0) },
    byType,
  };
}

/** Failed captures grouped by the kind the failure messages are translated by (lib/i18n/failure-text.ts). */
function failuresOf(rows: Array<{ error: string | null; count: number }>): Array<{ kind: FailureKind; count: number }> {
  const counts = new Map<FailureKind, number>();
  for (const { error, count } of rows) {
    const kind = failureText(error ?? "").kind;
    counts.set(kind, (counts.get(kind) ?? 0) + count);
  }
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}
