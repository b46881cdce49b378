import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Exports over a real SQLite file: what the Netscape file and the JSON say for every field, and that a search's export
// holds exactly what the library lists for it.
useTempDataDir();

const { db } = await import("@/lib/db/client");
const { exportToString, exportCount, exportLibrary } = await import("./index");

async function entry(data: {
  url: string;
  title: string;
  tags?: string[];
  createdAt?: Date;
  note?: string;
  state?: string;
  favourite?: boolean;
  description?: string;
}) {
  const { tags = [], ...fields } = data;
  const link = await db().link.create({
    data: {
      ...fields,
      tags: { create: tags.map((name) => ({ tag: { connectOrCreate: { where: { key: name.toLowerCase() }, create: { name, key: name.toLowerCase() } } } })) },
      snapshots: {
        create: {
          status: "ready",
          text: `Body of ${data.title}`,
          contentType: "text/html",
          htmlPath: "snapshots/x/1/a1/snapshot.html",
          htmlSha256: "ab".repeat(32),
          htmlBytes: 10,
        },
      },
    },
  });
  return link.id;
}

const created = new Date("2024-03-21T14:39:19.000Z");
const a = await entry({
  url: "https://export.example/a?x=1&y=2",
  title: `Fish & "chips" <b>bold</b>`,
  tags: ["Docker", "net"],
  createdAt: created,
  note: "Remember <script>alert(1)</script> this",
  description: "A <desc> & more",
  favourite: true,
});
const b = await entry({ url: "https://export.example/b", title: "Beta firewalld page", tags: ["firewalld"], state: "read" });
const c = await entry({ url: "https://export.example/c", title: "Gamma archived", state: "archived" });

describe("the Netscape bookmark file", () => {
  it("has every entry with escaped title and URL, tags, dates in seconds, TOREAD, and the note in <DD>", async () => {
    const file = await exportToString("netscape", { tags: [] });
    expect(file.startsWith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")).toBe(true);
    expect(file.match(/<DT><A /g)).toHaveLength(3);
    const updated = Math.floor((await db().link.findUniqueOrThrow({ where: { id: a } })).updatedAt.getTime() / 1000);
    expect(file).toContain(
      `<DT><A HREF="https://export.example/a?x=1&amp;y=2" ADD_DATE="1711031959" LAST_MODIFIED="${updated}" PRIVATE="1" TOREAD="1" TAGS="Docker,net" KURA_STATE="unread" KURA_FAVOURITE="1">Fish &amp; &quot;chips&quot; &lt;b&gt;bold&lt;/b&gt;</A>`,
    );
    expect(file).toContain(`<DD>A &lt;desc&gt; &amp; more[linkding-notes]Remember &lt;script&gt;alert(1)&lt;/script&gt; this[/linkding-notes]\n`);
    expect(file).not.toContain("<script>");
    expect(file).toMatch(/HREF="https:\/\/export.example\/b"[^>]*TOREAD="0" TAGS="firewalld" KURA_STATE="read">Beta firewalld page<\/A>\n {4}<DT>/);
    expect(file).toContain(`KURA_STATE="archived">Gamma archived</A>`);
    expect(file.trimEnd().endsWith("</DL><p>")).toBe(true);
  });

  it("shows the reader's own title and description over the captured ones", async () => {
    await db().link.update({ where: { id: b }, data: { customTitle: "My own title", customDescription: "Mine" } });
    const file = await exportToString("netscape", { tags: [] });
    expect(file).toContain(">My own title</A>\n    <DD>Mine\n");
    await db().link.update({ where: { id: b }, data: { customTitle: null, customDescription: null } });
  });
});

describe("the JSON export", () => {
  it("holds every field of every entry with its snapshots, and parses", async () => {
    const data = JSON.parse(await exportToString("json", { tags: [] })) as { format: string; count: number; entries: Array<Record<string, unknown>> };
    expect(data.format).toBe("kura-export");
    expect(data.count).toBe(3);
    expect(data.entries.map((e) => e.id).sort()).toEqual([a, b, c].sort());
    const first = data.entries.find((e) => e.id === a)!;
    expect(first).toMatchObject({
      url: "https://export.example/a?x=1&y=2",
      title: `Fish & "chips" <b>bold</b>`,
      description: "A <desc> & more",
      note: "Remember <script>alert(1)</script> this",
      tags: ["Docker", "net"],
      favourite: true,
      state: "unread",
      createdAt: created.toISOString(),
    });
    const snapshots = first.snapshots as Array<Record<string, unknown>>;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ status: "ready", htmlSha256: "ab".repeat(32), htmlBytes: 10 });
    expect(snapshots[0]!.files).toEqual({ html: `/api/v1/snapshots/${snapshots[0]!.id as number}/files/html` });
    expect(snapshots[0]).not.toHaveProperty("htmlPath");
  });
});

describe("the scope of an export", () => {
  it("a search exports what the library lists for it; the whole library includes archived entries", async () => {
    expect(await exportCount({ tags: [] })).toBe(3);
    const byTag = JSON.parse(await exportToString("json", { tags: ["firewalld"] })) as { entries: Array<{ id: number }> };
    expect(byTag.entries.map((e) => e.id)).toEqual([b]);
    expect(await exportCount({ tags: ["firewalld"] })).toBe(1);
    const byText = await exportToString("netscape", { tags: [], q: "chips" });
    expect(byText.match(/<DT>/g)).toHaveLength(1);
    expect(byText).toContain("export.example/a");
    // As the listing: archived entries leave a search unless it names the state.
    expect(await exportCount({ tags: [], q: "gamma" })).toBe(0);
    expect(await exportCount({ tags: [], q: "is:archived" })).toBe(1);
    expect(await exportCount({ tags: [], q: "is:fav" })).toBe(1);
  });

  it("streams a library larger than a search page and a read batch, in order", async () => {
    await db().link.createMany({
      data: Array.from({ length: 1205 }, (_, i) => ({
        url: `https://bulk.example/${i}`,
        title: `Bulk ${i}`,
        createdAt: new Date(Date.UTC(2020, 0, 1, 0, 0, i)),
      })),
    });
    const file = await exportLibrary("netscape", { tags: [], q: "site:bulk.example" });
    expect(file.count).toBe(1205);
    let chunks = 0;
    let text = "";
    for await (const chunk of file.chunks) {
      chunks++;
      text += chunk;
    }
    expect(chunks).toBe(1205 + 2);
    const urls = [...text.matchAll(/HREF="https:\/\/bulk.example\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(urls).toEqual(Array.from({ length: 1205 }, (_, i) => 1204 - i));
  });
});
