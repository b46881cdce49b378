import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Every real export in ../shared/import-cases/ (read from there, never copied in), imported into a real SQLite
// library. The expected numbers were counted by hand from each file; the comments say where they come from.
useTempDataDir();

const { db } = await import("@/lib/db/client");
const { importFile, reportJson } = await import("./index");

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CASES = path.resolve(ROOT, "../shared/import-cases");
const read = (name: string) => fs.readFileSync(path.join(CASES, name));

type Row = { title: string | null; tags: string[]; createdAt: string; state: string; favourite: boolean; description: string | null; note: string | null };

async function library(): Promise<Map<string, Row>> {
  const links = await db().link.findMany({ include: { tags: { include: { tag: true } } } });
  return new Map(
    links.map((l) => [
      l.url,
      {
        title: l.title,
        tags: l.tags.map((t) => t.tag.name).sort(),
        createdAt: l.createdAt.toISOString(),
        state: l.state,
        favourite: l.favourite,
        description: l.description,
        note: l.note,
      },
    ]),
  );
}

async function importCase(name: string, capture = false) {
  return reportJson(await importFile(read(name), { capture }));
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

beforeEach(async () => {
  await db().link.deleteMany();
  await db().tag.deleteMany();
});

describe("real export files", () => {
  it("Firefox export: 11 bookmarks in folders, the 3 place: queries refused, the toolbar root is no tag", async () => {
    const report = await importCase("archivebox__firefox_export.html");
    expect(report.imported).toBe(11);
    expect(report.duplicates).toBe(0);
    expect(report.failed.map((f) => f.item.slice(0, 16))).toEqual(["place:folder=BOO", "place:type=6&sor", "place:sort=8&max"]);
    expect(report.failed[0]!.reason).toBe('Only http and https links can be archived (got "place:").');
    const rows = await library();
    expect(rows.size).toBe(11);
    expect(rows.get("https://www.mozilla.org/en-US/firefox/help/")).toMatchObject({
      title: "Help and Tutorials",
      tags: ["Mozilla-Firefox"],
      createdAt: iso(1409779227),
    });
    // "[Folder Name]": a space is not allowed in a tag, so it becomes a hyphen as a typed tag's would.
    expect(rows.get("https://github.com/nodiscc")).toMatchObject({ title: "nodiscc (nodiscc) · GitHub", tags: ["[Folder-Name]"], createdAt: iso(1497562974) });
    // The fragment is dropped by normalisation; the folder's own <DD> is no bookmark's description.
    expect(rows.get("https://github.com/pirate/ArchiveBox")).toMatchObject({ tags: ["[Folder-Name]"], createdAt: iso(1497562975) });
    expect(rows.get("https://www.mozilla.org/en-US/firefox/central/")).toMatchObject({ title: "Getting Started", tags: [], description: null });
    expect([...rows.values()].every((r) => r.description === null)).toBe(true);
  });

  it("Pocket HTML: 10 unread and 10 archived, with the one tag", async () => {
    const report = await importCase("archivebox__pocket_export.html");
    expect(report).toEqual({ imported: 20, duplicates: 0, failed: [] });
    const rows = [...(await library()).values()];
    expect(rows.filter((r) => r.state === "unread")).toHaveLength(10);
    expect(rows.filter((r) => r.state === "archived")).toHaveLength(10);
    const all = await library();
    expect(all.get("https://issuu.com/crowdcraft/docs/shanghai-talk-july-2012")).toMatchObject({
      tags: ["make512"],
      createdAt: iso(1493900327),
      state: "unread",
    });
    expect(all.get("http://jgthms.com/web-design-in-4-minutes/")).toMatchObject({
      title: "Web Design in 4 minutes",
      state: "archived",
      createdAt: iso(1478739628),
    });
  });

  it("Pocket CSV: 7 rows (quoted commas and a line break in a title), 2 archived", async () => {
    const report = await importCase("wallabag__pocket.csv");
    expect(report).toEqual({ imported: 7, duplicates: 0, failed: [] });
    const rows = await library();
    expect([...rows.values()].filter((r) => r.state === "archived")).toHaveLength(2);
    expect(rows.get("https://www.reddit.com/r/DataHoarder/comments/ioupbk/archivebox_question_how_do_i_import_links_from_a/")).toMatchObject({
      state: "archived",
      createdAt: iso(1600961496),
    });
    expect(rows.get("https://reporterre.net/Des-abeilles-pour-resoudre-les-conflits-entre-les-humains-et-les-elephants")!.title).toBe(
      "Des abeilles pour résoudre les « conflits » entre les humains et les élépha",
    );
    expect(rows.get("https://jp-lambert.me/est-ce-que-jai-besoin-d-un-scrum-master-604f5a471c73")!.title).toBe(
      "Est-ce que j’ai besoin d’un Scrum Master ? | by Jean-Pierre Lambert | Jean-",
    );
  });

  it("linkding: ADD_DATE in seconds, milliseconds and microseconds is the same instant; TAGS and <DD> kept", async () => {
    const report = await importCase("linkding__simple_valid_import_file.html");
    expect(report).toEqual({ imported: 3, duplicates: 0, failed: [] });
    const rows = await library();
    for (const n of [1, 2, 3]) {
      expect(rows.get(`https://example.com/${n}`)).toEqual({
        title: `test title ${n}`,
        tags: [`tag${n}`],
        createdAt: iso(1616337559),
        state: "read", // TOREAD="0"
        favourite: false,
        description: `test description ${n}`,
        note: null,
      });
    }
  });

  it("linkding with an unreadable ADD_DATE: the bookmark is kept, dated at the import", async () => {
    const before = Date.now();
    const report = await importCase("linkding__simple_valid_import_file_with_one_invalid_bookmark.html");
    expect(report).toEqual({ imported: 3, duplicates: 0, failed: [] });
    const rows = await library();
    expect(new Date(rows.get("https://example.com/1")!.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rows.get("https://example.com/2")).toMatchObject({ createdAt: iso(1616337559), tags: ["tag2"] });
  });

  it("Readeck's browser file: nested folders as tags, ftp: refused, #fragment repeats merged", async () => {
    const report = await importCase("readeck__browser.html");
    expect(report).toEqual({
      imported: 4,
      duplicates: 1,
      failed: [{ item: "ftp://example.net/", reason: 'Only http and https links can be archived (got "ftp:").' }],
    });
    const rows = await library();
    expect(rows.get("http://blog.mozilla.com/")).toMatchObject({
      title: "Mozilla News",
      tags: ["blog", "mozilla", "test"],
      createdAt: iso(1601411565),
      state: "read",
    });
    expect(rows.get("https://www.mozilla.org/en-US/firefox/central/")).toMatchObject({ tags: [], createdAt: iso(1576652979), state: "unread" });
    expect(rows.get("https://example.net/")).toMatchObject({ title: "Example.net", tags: ["Imported", "Misc"], createdAt: iso(1385462299) });
    expect(rows.get("https://example.org/")).toMatchObject({ tags: ["Imported", "Misc"], createdAt: iso(1354273529) });
  });

  it("Linkwarden backup (Readeck's): tags, entity-decoded names, the pinned link starred", async () => {
    const report = await importCase("readeck__linkwarden.json");
    expect(report).toEqual({ imported: 3, duplicates: 0, failed: [] });
    const rows = await library();
    expect(rows.get("https://www.the-reframe.com/the-neighborhood/")).toMatchObject({
      tags: ["label-b"],
      favourite: true,
      createdAt: "2025-06-24T05:24:31.751Z",
    });
    expect(rows.get("https://www.youtube.com/watch?v=Wp8ux8Xlj48")).toMatchObject({
      title: "You're Living On An Ant Planet - YouTube",
      tags: ["label-a"],
      favourite: false,
    });
    expect(rows.get("https://upload.wikimedia.org/wikipedia/commons/1/15/King's_Cross_Western_Concourse.jpg")).toMatchObject({
      title: null,
      tags: ["label-a"],
    });
  });

  it("Linkwarden export (Karakeep's): nested collections give every ancestor as a tag; one URL in two collections merges", async () => {
    const report = await importCase("karakeep__linkwarden-export.json");
    expect(report).toEqual({ imported: 5, duplicates: 1, failed: [] });
    const rows = await library();
    expect(rows.get("https://nextjs.org/")).toMatchObject({ tags: ["Frameworks", "Frontend", "Tech"], createdAt: "2025-03-10T08:30:00.000Z" });
    expect(rows.get("https://react.dev/")).toMatchObject({ tags: ["Frontend", "Tech", "js", "ui"] });
    // Work/work and Personal/personal are one tag each (case-insensitive); the earlier of the two dates is kept.
    expect(rows.get("https://example.com/")).toMatchObject({ tags: ["Personal", "Work"], createdAt: "2025-01-01T00:00:00.000Z" });
  });

  it("Omnivore: 20 pages, the Archived one archived, labels as tags, savedAt as the date", async () => {
    const report = await importCase("wallabag__omnivore.json");
    expect(report).toEqual({ imported: 20, duplicates: 0, failed: [] });
    const rows = [...(await library()).entries()];
    expect(rows.filter(([, r]) => r.state === "archived").map(([url]) => url)).toEqual([
      "https://www.lemonde.fr/economie/article/2024/10/29/malgre-la-crise-du-marche-des-montres-breitling-etend-son-reseau-commercial-et-devoile-ses-ambitions_6365425_3234.html",
    ]);
    expect(rows.filter(([, r]) => r.tags.join() === "RSS,TEST")).toHaveLength(1);
    expect(rows.filter(([, r]) => r.tags.join() === "RSS")).toHaveLength(19);
    const [, archived] = rows.find(([, r]) => r.state === "archived")!;
    expect(archived.createdAt).toBe("2024-10-29T16:30:11.000Z");
    expect(archived.description).toMatch(/^La marque suisse/);
  });

  it("wallabag v2: 6 entries, the 2 starred as favourites, tags, the article HTML reduced to text", async () => {
    const report = await importCase("wallabag__wallabag-v2.json");
    expect(report).toEqual({ imported: 6, duplicates: 0, failed: [] });
    const rows = await library();
    expect([...rows.values()].filter((r) => r.favourite)).toHaveLength(2);
    expect(rows.get("https://www.mediapart.fr/")).toMatchObject({ tags: ["blog", "mediapart"], favourite: true, createdAt: "2016-09-08T09:55:58.000Z" });
    expect(rows.get("https://fr.wikipedia.org/wiki/%C3%89checs")!.title).toBe("Échecs");
    for (const row of rows.values()) expect(row.description ?? "").not.toMatch(/<[a-z]/i);
  });

  it("importing a file again creates nothing and counts every row as a duplicate", async () => {
    await importCase("readeck__browser.html");
    const before = await library();
    const again = await importCase("readeck__browser.html");
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(5);
    expect(again.failed).toHaveLength(1);
    expect(await library()).toEqual(before);
  });

  it("queues one capture per new link unless told not to", async () => {
    await importCase("linkding__simple_valid_import_file.html", true);
    expect(await db().job.count()).toBe(3);
    await importCase("readeck__browser.html", false);
    expect(await db().job.count()).toBe(3);
  });
});
