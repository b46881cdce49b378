import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// What the real export files do not show: legacy encodings, Karakeep's format, hostile article HTML, the plain URL
// list, merging with entries already in the library, and a batch that cannot commit. Real SQLite, as in production.
useTempDataDir();

const { db } = await import("@/lib/db/client");
const { importFile, importItems, parseImportFile, reportJson, UnknownImportFormat } = await import("./index");
const { decodeImportBytes } = await import("./decode");

const utf8 = (text: string) => new TextEncoder().encode(text);

function bookmarkFile(charset: string, title: string, folder: string): string {
  return `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=${charset}">
<TITLE>Bookmarks</TITLE>
<DL><p>
  <DT><H3>${folder}</H3>
  <DL><p>
    <DT><A HREF="https://enc.example/${charset}" ADD_DATE="1700000000">${title}</A>
  </DL><p>
</DL><p>`;
}

beforeEach(async () => {
  await db().link.deleteMany();
  await db().tag.deleteMany();
});

describe("encodings", () => {
  it("reads a GBK file declared by its http-equiv meta (bytes made by iconv-lite, not UTF-8)", () => {
    const bytes = iconv.encode(bookmarkFile("GBK", "防火墙与容器网络", "运维笔记"), "gbk");
    expect(Buffer.from(bytes).includes(Buffer.from("防火墙"))).toBe(false); // truly not UTF-8
    const parsed = parseImportFile(bytes);
    expect(parsed.items).toEqual([{ url: "https://enc.example/GBK", title: "防火墙与容器网络", tags: ["运维笔记"], addedAt: new Date(1700000000 * 1000) }]);
  });

  it("reads a Shift_JIS file declared by <meta charset>", () => {
    const html = bookmarkFile("Shift_JIS", "ファイアウォールの設定", "技術メモ").replace(/<META[^>]*>/, '<meta charset="shift_jis">');
    const bytes = iconv.encode(html, "shift_jis");
    expect(Buffer.from(bytes).includes(Buffer.from("設定"))).toBe(false);
    const [item] = parseImportFile(bytes).items;
    expect(item).toMatchObject({ title: "ファイアウォールの設定", tags: ["技術メモ"] });
  });

  it("drops a UTF-8 byte-order mark and reads UTF-8 without a declaration", () => {
    const text = bookmarkFile("UTF-8", "Ünïcödé 日本語", "Ordner");
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(decodeImportBytes(withBom).startsWith("<!DOCTYPE")).toBe(true);
    expect(parseImportFile(withBom).items[0]!.title).toBe("Ünïcödé 日本語");
    expect(parseImportFile(utf8(text.replace(/<META[^>]*>/, ""))).items[0]!.title).toBe("Ünïcödé 日本語");
  });
});

describe("formats without a real sample here", () => {
  it("Karakeep's export: links with note, archived and favourited; a text bookmark is refused for having no address", async () => {
    const file = {
      bookmarks: [
        {
          createdAt: 1717000000,
          title: "Karakeep docs",
          tags: ["self-hosted", "docs"],
          content: { type: "link", url: "https://docs.karakeep.app/" },
          note: "read the *API* part",
          archived: true,
          favourited: true,
        },
        { createdAt: 1717000100, title: null, tags: [], content: { type: "link", url: "https://karakeep.example/b#section" }, note: null },
        { createdAt: 1717000200, title: "A thought", tags: ["idea"], content: { type: "text", text: "remember this" }, note: null },
        { createdAt: 1717000300, title: "Broken", tags: "not-a-list", content: null, note: null },
      ],
    };
    const report = reportJson(await importFile(utf8(JSON.stringify(file)), { capture: false }));
    expect(report).toEqual({
      imported: 2,
      duplicates: 0,
      failed: [
        { item: "A thought", reason: "This row has no web address." },
        { item: "Broken", reason: "This row has no web address." },
      ],
    });
    const docs = await db().link.findUniqueOrThrow({ where: { url: "https://docs.karakeep.app/" }, include: { tags: { include: { tag: true } } } });
    expect(docs).toMatchObject({
      title: "Karakeep docs",
      note: "read the *API* part",
      state: "archived",
      favourite: true,
      createdAt: new Date(1717000000 * 1000),
    });
    expect(docs.tags.map((t) => t.tag.name).sort()).toEqual(["docs", "self-hosted"]);
    expect(await db().link.count({ where: { url: "https://karakeep.example/b" } })).toBe(1);
  });

  it("wallabag content with scripts and handlers is reduced to inert text; annotations become the note", async () => {
    const file = [
      {
        url: "https://hostile.example/post",
        title: "Tom &amp; Jerry",
        is_archived: 1,
        is_starred: 0,
        tags: [{ label: "cartoons" }],
        created_at: "2020-01-02T03:04:05+0100",
        content: '<p onclick="steal()">Hello <img src=x onerror="alert(1)"><script>document.cookie</script><b>world</b> &lt;tag&gt;</p><style>p{}</style>',
        annotations: [{ quote: "Hello", text: "a greeting" }],
      },
    ];
    await importFile(utf8(JSON.stringify(file)), { capture: false });
    const link = await db().link.findUniqueOrThrow({ where: { url: "https://hostile.example/post" } });
    expect(link.title).toBe("Tom & Jerry");
    expect(link.description).toBe("Hello world <tag>");
    expect(link.note).toBe("> Hello\n\na greeting");
    expect(link.state).toBe("archived");
    expect(link.createdAt.toISOString()).toBe("2020-01-02T02:04:05.000Z");
  });

  it("a plain list of URLs: schemes assumed for bare hosts, javascript: and ftp: refused, # comments skipped", async () => {
    const list = "# my links\nhttps://list.example/a\nlist.example/b\n\njavascript:alert(1)\nftp://list.example/c\nhttps://list.example/a#again\n";
    const report = reportJson(await importFile(utf8(list), { capture: false }));
    expect(report).toEqual({
      imported: 2,
      duplicates: 1,
      failed: [
        { item: "javascript:alert(1)", reason: 'Only http and https links can be archived (got "javascript:").' },
        { item: "ftp://list.example/c", reason: 'Only http and https links can be archived (got "ftp:").' },
      ],
    });
    expect(await db().link.count({ where: { url: { in: ["https://list.example/a", "https://list.example/b"] } } })).toBe(2);
  });

  it("a file that is none of the formats is refused before anything is written", async () => {
    expect(() => parseImportFile(utf8("hello\nworld"))).toThrow(UnknownImportFormat);
    expect(() => parseImportFile(utf8('{"what": 1}'))).toThrow(UnknownImportFormat);
    await expect(importFile(utf8("<html><body><p>no bookmarks</p></body></html>"))).rejects.toThrow(UnknownImportFormat);
    expect(await db().link.count()).toBe(0);
  });
});

describe("against the library", () => {
  it("a link already in the library gains the file's tags, keeps the earlier date, and nothing is duplicated", async () => {
    const existing = await db().link.create({ data: { url: "https://lib.example/page", title: "Mine", createdAt: new Date("2022-05-01T00:00:00Z") } });
    const file = `<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>
      <DT><A HREF="https://LIB.example:443/page#top" ADD_DATE="1500000000" TAGS="kept,Imported">Theirs</A>
      <DT><A HREF="https://lib.example/new" ADD_DATE="1500000000" TOREAD="1">New &amp; shiny</A>
    </DL>`;
    const report = reportJson(await importFile(utf8(file), { capture: false }));
    expect(report).toEqual({ imported: 1, duplicates: 1, failed: [] });
    const merged = await db().link.findUniqueOrThrow({ where: { id: existing.id }, include: { tags: { include: { tag: true } } } });
    expect(merged.title).toBe("Mine");
    expect(merged.createdAt).toEqual(new Date(1500000000 * 1000));
    expect(merged.tags.map((t) => t.tag.name).sort()).toEqual(["Imported", "kept"]);
    expect(await db().link.findUniqueOrThrow({ where: { url: "https://lib.example/new" } })).toMatchObject({ title: "New & shiny", state: "unread" });
    expect(await db().link.count()).toBe(2);

    // A later date in the file does not move the entry forward.
    await importFile(utf8(file.replace(/1500000000/g, "1600000000")), { capture: false });
    expect((await db().link.findUniqueOrThrow({ where: { id: existing.id } })).createdAt).toEqual(new Date(1500000000 * 1000));
  });

  it("writes in batches with progress, and a row that cannot be written is reported while the rest import", async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ url: `https://batch.example/${i}`, tags: ["batch"] }));
    // An impossible date (what a broken file can carry past a careless reader) makes its row fail to write.
    const broken = { url: "https://batch.example/broken", tags: [], addedAt: new Date(Number.NaN) };
    const progress: Array<[number, number]> = [];
    const report = await importItems([...items.slice(0, 3), broken, ...items.slice(3)], {
      capture: false,
      batchSize: 3,
      onProgress: (p) => progress.push([p.done, p.total]),
    });
    expect(report.imported).toBe(7);
    expect(report.failed.map((f) => f.item)).toEqual(["https://batch.example/broken"]);
    expect(report.failed[0]!.reason.key).toBe("import.reasons.writeFailed");
    expect(progress).toEqual([
      [3, 8],
      [6, 8],
      [8, 8],
    ]);
    expect(await db().link.count({ where: { url: { startsWith: "https://batch.example/" } } })).toBe(7);
  });
});
