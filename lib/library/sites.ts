import { Prisma } from "@/lib/generated/prisma/client";
import { db, onPostgres } from "@/lib/db/client";
import { ENTRY_STATE, LINK_ORIGIN } from "@/lib/db/vocabulary";
import { postgresSiteOf, sqliteSiteOf } from "@/lib/search";

/** A site of the library (host[:port] of entries' addresses) with how many entries the default listing shows from it. */
export type LibrarySite = { site: string; entries: number };

/** More sites than a select can usefully offer: the rest stay reachable by the URL and by `site:` in the search box. */
export const MAX_SITES = 200;

/**
 * The sites the site filter offers, most entries first (then by name, so the list does not shuffle). Counted as the
 * default listing counts (archived entries left out), in one grouped scan of "Link" in the database: no row is sent
 * to the app (bench:library's 100,000 entries: one pass over the table's addresses). The seeded write-ups are left
 * out: their addresses (`kura-seed://<slug>`) name no site, each would be a "site" of one entry.
 */
export async function librarySites(limit = MAX_SITES): Promise<LibrarySite[]> {
  const site = Prisma.raw(onPostgres() ? postgresSiteOf(`"url"`) : sqliteSiteOf(`"url"`));
  const rows = await db().$queryRaw<Array<{ site: string; entries: bigint | number }>>`
    SELECT ${site} AS site, COUNT(*) AS entries FROM "Link" WHERE "state" <> ${ENTRY_STATE.archived} AND "origin" <> ${LINK_ORIGIN.seed}
    GROUP BY 1 ORDER BY entries DESC, site ASC LIMIT ${limit}`;
  return rows.filter((row) => row.site !== "").map((row) => ({ site: row.site, entries: Number(row.entries) }));
}

/** How long the library page reuses the list of sites (it counts every entry; see recentLibrarySites). */
export const SITES_TTL_MS = 30_000;

type Kept = { at: number; newest: number | null; sites: Promise<LibrarySite[]> };
const kept = globalThis as { kuraSites?: Kept };

/**
 * librarySites for the library page, counted again only when an entry was added since (the newest entry's id, one
 * index lookup, whichever process added it) or SITES_TTL_MS went by: the count reads every entry's address (about 35
 * ms at 100,000 entries, bench:library), too much for every page view. A site whose entries were all deleted or
 * archived may stay offered until then; the filter itself always reads the current entries. A failed count is not kept.
 */
export async function recentLibrarySites(now = Date.now()): Promise<LibrarySite[]> {
  // Raw: the ORM's aggregate wraps the table in a subquery (`SELECT MAX(id) FROM (SELECT id FROM "Link" LIMIT …)`)
  // that reads every row, ~10 ms of each library view at 100,000 entries; max() of the key is one index lookup.
  const [row] = await db().$queryRaw<Array<{ newest: bigint | number | null }>>`SELECT max("id") AS newest FROM "Link"`;
  const newest = row && row.newest !== null ? Number(row.newest) : null;
  const last = kept.kuraSites;
  if (last && last.newest === newest && now - last.at < SITES_TTL_MS) return last.sites;
  const entry: Kept = { at: now, newest, sites: librarySites() };
  kept.kuraSites = entry;
  // Forgotten when it fails, so the next view counts again (the caller gets the failure through its own await).
  entry.sites.then(
    () => undefined,
    () => {
      if (kept.kuraSites === entry) kept.kuraSites = undefined;
    },
  );
  return entry.sites;
}
