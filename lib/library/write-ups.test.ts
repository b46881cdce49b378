import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// Translations and mirrors shown as one write-up, over a real SQLite file — or, run from write-ups.postgres.test.ts,
// a real PostgreSQL server (KURA_TEST_POSTGRES_URL), where the decisions and the fingerprint lookups have their own
// SQL: the five seeded write-ups (their shipped texts as the snapshot text) among entries that mention the same
// words, plus a mirror of the English version. Every case holds on both databases.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
useTempDataDir(postgresUrl ? { DATABASE_URL: postgresUrl } : {});
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const { seedArticles, seedArticleUrl } = await import("@/lib/seed/articles");
const { deleteEntry } = await import("./entries");
const { LibrarySearch, listEntries } = await import("./search");
const { siblingsOf, joinWriteUps, splitWriteUps } = await import("./write-ups");

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ids = new Map<string, number>();
const id = (slug: string) => ids.get(slug)!;
const [REG_ZH, REG_EN, REG_JA, NET_ZH, K8S_ZH] = [
  "docker-registry-centos7-firewalld-zh",
  "docker-registry-centos7-firewalld-en",
  "docker-registry-centos7-firewalld-ja",
  "docker-network-centos8-virtualbox-firewalld-zh",
  "k8s-calico-iptables-restart-docker-rules-zh",
];
const siblingIds = async (slug: string) => ((await siblingsOf([id(slug)])).get(id(slug)) ?? []).map((s) => s.id).sort((a, b) => a - b);
const sorted = (...slugs: string[]) => slugs.map(id).sort((a, b) => a - b);

async function entry(data: { url: string; title: string; language?: string; text: string; createdAt?: Date }) {
  const link = await db().link.create({
    data: {
      url: data.url,
      title: data.title,
      language: data.language,
      createdAt: data.createdAt,
      snapshots: { create: { status: "ready", text: data.text, contentType: "text/html" } },
    },
  });
  return link.id;
}

beforeAll(async () => {
  for (const a of seedArticles) {
    const text = fs.readFileSync(path.join(ROOT, "prisma", "seed-articles", a.file), "utf8");
    ids.set(a.slug, await entry({ url: seedArticleUrl(a), title: a.title, language: a.language, text }));
  }
  // Entries on the same topic that quote a command or two of the write-ups: related words, not the same write-up.
  for (let i = 0; i < 30; i++) {
    await entry({
      url: `https://notes.example/${i}`,
      title: `Docker firewalld note ${i}`,
      language: "en",
      text: `Note ${i}: after a reboot docker and firewalld disagreed. I ran systemctl restart docker and sysctl net.ipv4.ip_forward=1.`,
      createdAt: new Date(Date.UTC(2031, 0, 1 + i)),
    });
  }
});

describe("write-ups in several languages", () => {
  it("finds the three language versions of the Docker Registry write-up as one write-up, and nothing for the others", async () => {
    expect(await siblingIds(REG_ZH)).toEqual(sorted(REG_EN, REG_JA));
    expect(await siblingIds(REG_EN)).toEqual(sorted(REG_ZH, REG_JA));
    expect(await siblingIds(REG_JA)).toEqual(sorted(REG_ZH, REG_EN));
    expect(await siblingIds(NET_ZH)).toEqual([]);
    expect(await siblingIds(K8S_ZH)).toEqual([]);
    const noteIds = (await db().link.findMany({ where: { url: { startsWith: "https://notes.example/" } }, select: { id: true } })).map((l) => l.id);
    const notes = await siblingsOf(noteIds);
    expect([...notes.values()].every((s) => s.length === 0)).toBe(true);
    const en = (await siblingsOf([id(REG_ZH)])).get(id(REG_ZH))!.find((s) => s.id === id(REG_EN))!;
    expect(en).toMatchObject({ language: "en", manual: false });
    expect(en.title).toMatch(/^Docker Registry on CentOS 7/);
  });

  it("shows one search result per write-up on the library page, and every entry to the API and when browsing", async () => {
    const search = LibrarySearch.from({ q: "firewalld ip_forward" });
    const folded = await listEntries(search, { foldWriteUps: true });
    const all = await listEntries(search);
    const registry = sorted(REG_ZH, REG_EN, REG_JA);
    const shown = folded.entries.map((e) => e.id).filter((e) => registry.includes(e));
    expect(shown).toHaveLength(1);
    expect(folded.siblings[shown[0]!]!.map((s) => s.id).sort((a, b) => a - b)).toEqual(registry.filter((r) => r !== shown[0]));
    expect(
      all.entries
        .map((e) => e.id)
        .filter((e) => registry.includes(e))
        .sort((a, b) => a - b),
    ).toEqual(registry);
    // The version in the reader's language stands for the write-up when it is among the results.
    for (const [language, slug] of [
      ["en", REG_EN],
      ["ja", REG_JA],
      ["zh", REG_ZH],
    ] as const) {
      const page = await listEntries(search, { foldWriteUps: true, language });
      expect(page.entries.map((e) => e.id).filter((e) => registry.includes(e))).toEqual([id(slug)]);
      expect(page.entries.findIndex((e) => e.id === id(slug))).toBe(folded.entries.findIndex((e) => e.id === shown[0]));
    }
    const browse = await listEntries(LibrarySearch.from({}), { foldWriteUps: true });
    expect(browse.total).toBe(35);
  });

  it("follows a person's word: a split keeps two versions apart, a join groups entries the fingerprint missed", async () => {
    expect(await splitWriteUps(id(REG_ZH), id(REG_EN))).toBe(true);
    expect(await siblingIds(REG_ZH)).toEqual(sorted(REG_JA));
    expect(await siblingIds(REG_EN)).toEqual(sorted(REG_JA));

    expect(await joinWriteUps([id(NET_ZH), id(K8S_ZH)])).toBe(2);
    const joined = (await siblingsOf([id(NET_ZH)])).get(id(NET_ZH))!;
    expect(joined).toEqual([expect.objectContaining({ id: id(K8S_ZH), manual: true })]);

    // Joining the split pair again undoes the split.
    expect(await joinWriteUps([id(REG_ZH), id(REG_EN)])).toBe(2);
    expect(await siblingIds(REG_ZH)).toEqual(sorted(REG_EN, REG_JA));
    expect(await splitWriteUps(id(REG_ZH), id(REG_ZH))).toBe(false);
    expect(await splitWriteUps(id(REG_ZH), 999_999)).toBe(false);
  });

  it("keeps up with edits and deletions: a re-captured text that shares nothing leaves the group; a deleted entry takes its marks along", async () => {
    const ja = id(REG_JA);
    const snapshot = await db().snapshot.findFirstOrThrow({ where: { linkId: ja } });
    await db().snapshot.update({ where: { id: snapshot.id }, data: { text: "この記事は書き直されました。コマンドはありません。" } });
    expect(await siblingIds(REG_EN)).toEqual(sorted(REG_ZH));

    expect(await deleteEntry(id(K8S_ZH))).toBe(true);
    expect(await siblingIds(NET_ZH)).toEqual([]);
    expect(await db().writeUpDecision.count({ where: { OR: [{ firstId: id(K8S_ZH) }, { secondId: id(K8S_ZH) }] } })).toBe(0);
  });
});
