import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// The site filter over a real SQLite file — or, run from sites.postgres.test.ts, a real PostgreSQL server
// (KURA_TEST_POSTGRES_URL), where the sites and the filter have their own SQL: the sites offered, their counts, and
// the listing each one narrows to.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
useTempDataDir(postgresUrl ? { DATABASE_URL: postgresUrl } : {});
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const { librarySites, recentLibrarySites, SITES_TTL_MS } = await import("./sites");
const { LibrarySearch, listEntries } = await import("./search");

async function entry(url: string, state = "unread", origin = "web") {
  const link = await db().link.create({
    data: { url, title: url, state, origin, snapshots: { create: { status: "ready", text: "body", contentType: "text/html" } } },
  });
  return link.id;
}

describe("the library's sites", () => {
  it("lists each host once with its entry count, most first, archived entries left out", async () => {
    const a = await entry("https://docs.example/a");
    const b = await entry("https://docs.example/b?x=1");
    await entry("https://docs.example/archived", "archived");
    const c = await entry("http://127.0.0.1:4000/page");
    // A look-alike: another host whose address contains the first one's name.
    const d = await entry("https://mirror.example/docs.example/a");
    // A seeded write-up's address names no site.
    await entry("kura-seed://a-write-up", "unread", "seed");

    expect(await librarySites()).toEqual([
      { site: "docs.example", entries: 2 },
      { site: "127.0.0.1:4000", entries: 1 },
      { site: "mirror.example", entries: 1 },
    ]);

    const ids = async (params: Record<string, string>) => (await listEntries(LibrarySearch.from(params))).entries.map((e) => e.id).sort();
    expect(await ids({ site: "docs.example" })).toEqual([a, b].sort());
    expect(await ids({ site: "127.0.0.1:4000" })).toEqual([c]);
    expect(await ids({ site: "mirror.example" })).toEqual([d]);
    // Combined with the other filters, and matched as a whole host (a part of one matches nothing).
    expect(await ids({ site: "docs.example", q: "is:archived" })).toHaveLength(1);
    expect(await ids({ site: "example" })).toEqual([]);
    // Case and spaces of a hand-typed URL do not matter; characters no host has are no filter at all.
    expect(LibrarySearch.from({ site: " Docs.Example " }).site).toBe("docs.example");
    expect(LibrarySearch.from({ site: "a b" }).site).toBeUndefined();
    expect(await librarySites(1)).toEqual([{ site: "docs.example", entries: 2 }]);
  });

  it("gives the library page the list counted again only after an entry is added or the interval passed", async () => {
    const start = 1_000_000_000_000;
    const first = await recentLibrarySites(start);
    expect(await recentLibrarySites(start + 1)).toBe(await recentLibrarySites(start + 2));
    // A new entry (from any process: the newest id moved) is counted at once.
    await entry("https://new.example/page");
    expect(first.some((s) => s.site === "new.example")).toBe(false);
    expect(await recentLibrarySites(start + 3)).toContainEqual({ site: "new.example", entries: 1 });
    // An archived entry's site may stay offered until the interval has passed; its filter finds nothing meanwhile.
    await db().link.updateMany({ where: { url: "https://new.example/page" }, data: { state: "archived" } });
    expect(await recentLibrarySites(start + 4)).toContainEqual({ site: "new.example", entries: 1 });
    expect((await listEntries(LibrarySearch.from({ site: "new.example" }))).entries).toHaveLength(0);
    expect((await recentLibrarySites(start + 3 + SITES_TTL_MS)).some((s) => s.site === "new.example")).toBe(false);
  });
});
