import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Issue 12: leaving and coming back loses nothing. The library is exported as a Netscape bookmark file, emptied,
// and that file imported: every entry comes back with its URL, title, description, note (line breaks kept), tags,
// date added, state and star; importing the same file again adds nothing.
useTempDataDir();

const { db } = await import("@/lib/db/client");
const { exportToString } = await import("@/lib/library/export");
const { importFile } = await import("./importer");
const { shownTitle } = await import("@/lib/library/organise");

type Shape = {
  url: string;
  title: string;
  description: string | null;
  note: string | null;
  tags: string[];
  addedAt: number;
  state: string;
  favourite: boolean;
};

async function library(): Promise<Shape[]> {
  const links = await db().link.findMany({ include: { tags: { include: { tag: true } } }, orderBy: { url: "asc" } });
  return links.map((l) => ({
    url: l.url,
    title: shownTitle(l),
    description: l.customDescription ?? l.description,
    note: l.note,
    tags: l.tags.map((t) => t.tag.name).sort(),
    // Bookmark files keep whole seconds.
    addedAt: Math.floor(l.createdAt.getTime() / 1000),
    state: l.state,
    favourite: l.favourite,
  }));
}

describe("export → import", () => {
  it("gives the same library, and a second import of the file adds nothing", async () => {
    const entries = [
      {
        url: "https://example.org/registry",
        title: "Registry & <firewalld>",
        description: "Port 5000 “blocked”",
        note: "Fix:\n\n- `firewall-cmd --reload`\n- restart docker",
        tags: ["docker", "firewalld"],
        state: "read",
        favourite: true,
      },
      { url: "https://example.org/中文/页面", title: "防火墙排查记录", description: null, note: null, tags: ["防火墙"], state: "unread", favourite: false },
      {
        url: "https://example.jp/記事?q=1&b=2",
        title: "転送の設定",
        description: "ip_forward を有効に",
        note: "メモ",
        tags: ["ネットワーク", "sysctl"],
        state: "archived",
        favourite: false,
      },
      { url: "https://example.org/plain", title: "Plain", description: null, note: null, tags: [], state: "unread", favourite: false },
    ];
    for (const [i, e] of entries.entries()) {
      await db().link.create({
        data: {
          // Stored as the app stores a pasted link: parsed (non-ASCII paths percent-encoded).
          url: new URL(e.url).href,
          title: e.title,
          description: e.description,
          note: e.note,
          state: e.state,
          favourite: e.favourite,
          createdAt: new Date(Date.UTC(2024, i, 10, 8, 30, 15)),
          tags: {
            create: e.tags.map((name) => ({ tag: { connectOrCreate: { where: { key: name.toLowerCase() }, create: { name, key: name.toLowerCase() } } } })),
          },
        },
      });
    }
    const before = await library();
    const file = await exportToString("netscape", { tags: [] });

    await db().linkTag.deleteMany();
    await db().tag.deleteMany();
    await db().link.deleteMany();
    const report = await importFile(new TextEncoder().encode(file), { capture: false });
    expect(report).toMatchObject({ format: "netscape", imported: entries.length, duplicates: 0, failed: [] });
    expect(await library()).toEqual(before);

    const again = await importFile(new TextEncoder().encode(file), { capture: false });
    expect(again).toMatchObject({ imported: 0, duplicates: entries.length, failed: [] });
    expect(await library()).toEqual(before);
  });
});
