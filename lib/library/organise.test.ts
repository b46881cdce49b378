import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Organising over a real SQLite file: star, state, note, own title, the filters that read them, tags and bulk edits.
useTempDataDir();

const { db } = await import("@/lib/db/client");
const o = await import("./organise");
const { LibrarySearch, listEntries } = await import("./search");
const { noteHtml } = await import("./note");
const { listTagsWithCounts } = await import("./tags");

const find = async (q?: string) => (await listEntries(LibrarySearch.from({ q }))).entries.map((e) => e.id);

async function entry(url: string, title: string, tags: string[] = []) {
  const link = await db().link.create({
    data: {
      url,
      title,
      tags: { create: tags.map((name) => ({ tag: { connectOrCreate: { where: { key: name }, create: { name, key: name } } } })) },
      snapshots: { create: { status: "ready", text: `Body of ${title}`, contentType: "text/html" } },
    },
  });
  return link.id;
}

describe("an entry's star, state and note", () => {
  it("filters by is:fav, is:unread/read/archived and has:note, and hides archived entries by default", async () => {
    const a = await entry("https://org.example/a", "Alpha page");
    const b = await entry("https://org.example/b", "Beta page");
    const c = await entry("https://org.example/c", "Gamma page");
    expect(await o.setFavourite([a], true)).toBe(1);
    await o.setEntryState([b], "read");
    await o.setEntryState([c], "archived");
    await o.setNote(b, "Remember the **zanzibar** flag");

    expect(await find("is:fav")).toEqual([a]);
    expect(await find("is:read")).toEqual([b]);
    expect(await find("is:archived")).toEqual([c]);
    expect(await find("has:note")).toEqual([b]);
    expect(await find("zanzibar")).toEqual([b]);
    const all = await find();
    expect(all).toContain(a);
    expect(all).toContain(b);
    expect(all).not.toContain(c);
    expect(await find("gamma")).toEqual([]);
    expect(await find("gamma is:archived")).toEqual([c]);
    await o.setNote(b, null);
    expect(await find("has:note")).toEqual([]);
    expect(await find("zanzibar")).toEqual([]);
  });

  it("keeps the captured title beside the reader's own, and both are searchable", async () => {
    const id = await entry("https://org.example/d", "Captured heading");
    await o.setCustomText(id, { customTitle: "My quokka title", customDescription: null });
    const link = await db().link.findUniqueOrThrow({ where: { id } });
    expect(link.title).toBe("Captured heading");
    expect(o.shownTitle(link)).toBe("My quokka title");
    expect(await find("quokka")).toEqual([id]);
    expect(await find("captured heading")).toContain(id);
    await o.setCustomText(id, { customTitle: null, customDescription: null });
    const reset = await db().link.findUniqueOrThrow({ where: { id } });
    expect(o.shownTitle(reset)).toBe("Captured heading");
    expect(await find("quokka")).toEqual([]);
  });

  it("renders a note's Markdown without scripts or javascript: links", () => {
    const html = noteHtml("**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://a.example)");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/i);
    expect(html).toContain('href="https://a.example"');
  });
});

describe("tags", () => {
  it("renames a tag, merges onto an existing name, colours and deletes", async () => {
    const x = await entry("https://tags.example/x", "X", ["old-name", "shared"]);
    const y = await entry("https://tags.example/y", "Y", ["target"]);
    const z = await entry("https://tags.example/z", "Z", ["old-name", "target"]);
    expect(await o.renameTag("old-name", "Renamed")).toEqual({ ok: true, merged: false });
    expect(await find("tag:renamed")).toEqual(expect.arrayContaining([x, z]));
    expect(await o.renameTag("renamed", "Target")).toEqual({ ok: true, merged: true });
    const counts = await listTagsWithCounts();
    expect(counts.find((t) => t.key === "target")).toMatchObject({ name: "Target", count: 3 });
    expect(counts.find((t) => t.key === "renamed")).toBeUndefined();
    expect((await find("tag:target")).sort()).toEqual([x, y, z].sort());
    expect(await o.renameTag("nope", "whatever")).toEqual({ ok: false, error: "missing" });
    expect(await o.setTagColor("target", "#ff0000")).toBe(true);
    expect((await db().tag.findUniqueOrThrow({ where: { key: "target" } })).color).toBe("#ff0000");
    expect(await o.deleteTag("shared")).toBe(true);
    expect(await find("tag:shared")).toEqual([]);
    expect(await db().link.count({ where: { id: x } })).toBe(1);
  });
});

describe("bulk actions", () => {
  it("adds and removes tags, stars, changes state and deletes several entries", async () => {
    const ids = [await entry("https://bulk.example/1", "B1"), await entry("https://bulk.example/2", "B2"), await entry("https://bulk.example/3", "B3")];
    expect(await o.addTagsTo(ids, ["bulk-tag"])).toBe(3);
    expect((await find("tag:bulk-tag")).sort()).toEqual([...ids].sort());
    expect(await o.removeTagsFrom([ids[0]!], ["bulk-tag"])).toBe(1);
    expect((await find("tag:bulk-tag")).sort()).toEqual(ids.slice(1).sort());
    await o.setFavourite(ids, true);
    await o.setEntryState(ids.slice(0, 2), "archived");
    expect((await find("is:fav is:archived")).sort()).toEqual(ids.slice(0, 2).sort());
    expect(await o.deleteEntries([...ids, 999_999])).toBe(3);
    expect(await db().link.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await find("tag:bulk-tag")).toEqual([]);
  });
});
