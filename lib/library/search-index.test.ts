import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// The search index over a real SQLite file — or, run from search-index.postgres.test.ts, over a real PostgreSQL server
// (KURA_TEST_POSTGRES_URL): the five seeded write-ups (their shipped texts as the snapshot text) among generated noise
// entries that merely mention the same words. Every case holds on both databases.
const postgresUrl = process.env.KURA_TEST_POSTGRES_URL;
useTempDataDir(postgresUrl ? { DATABASE_URL: postgresUrl } : {});
if (postgresUrl) await (await import("@/lib/db/prepare")).prepareDatabase(() => undefined);

const { db } = await import("@/lib/db/client");
const { seedArticles, seedArticleUrl } = await import("@/lib/seed/articles");
const { addEntry, setEntryTags, deleteEntry } = await import("./entries");
const { LibrarySearch, listEntries } = await import("./search");
const { searchIndex } = await import("@/lib/search");
const { listExtracts } = await import("./extracts");

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ids = new Map<string, number>();
const find = async (q: string, tags: string[] = []) => (await listEntries(LibrarySearch.from({ q, tag: tags }))).entries.map((e) => e.id);
const slugOf = (id: number | undefined) => [...ids].find(([, v]) => v === id)?.[0];

async function entry(data: { url: string; title: string; description?: string; language?: string; tags: string[]; text: string; createdAt?: Date }) {
  const link = await db().link.create({
    data: {
      url: data.url,
      title: data.title,
      description: data.description,
      language: data.language,
      createdAt: data.createdAt,
      tags: { create: data.tags.map((name) => ({ tag: { connectOrCreate: { where: { key: name }, create: { name, key: name } } } })) },
      snapshots: { create: { status: "ready", text: data.text, contentType: "text/html" } },
    },
  });
  return link.id;
}

const NOISE_WORDS = ["docker", "iptables", "firewalld", "registry", "centos", "network", "容器", "防火墙", "ファイアウォール", "端口", "kubernetes"];

beforeAll(async () => {
  for (const a of seedArticles) {
    const text = fs.readFileSync(path.join(ROOT, "prisma", "seed-articles", a.file), "utf8");
    ids.set(a.slug, await entry({ url: seedArticleUrl(a), title: a.title, description: a.description, language: a.language, tags: a.tags, text }));
  }
  // Noise: newer than the write-ups, each mentioning a few of the same words once.
  for (let i = 0; i < 60; i++) {
    const words = [0, 1, 2].map((k) => NOISE_WORDS[(i * 3 + k) % NOISE_WORDS.length]);
    await entry({
      url: `https://noise.example/${i}`,
      title: `Note ${i} about ${words[0]}`,
      tags: i % 2 ? ["docker"] : ["misc"],
      text: `A short note ${i}. It mentions ${words.join(", ")} and nothing else of interest. MPU${i}0 sensor; error code E${i}.`,
      createdAt: new Date(Date.UTC(2030, 0, 1 + i)),
    });
  }
});

describe("search index", () => {
  it("finds non-adjacent words, in any order, with the write-up above entries that only mention them", async () => {
    const forward = await find("registry firewalld unreachable");
    expect(slugOf(forward[0])).toBe("docker-registry-centos7-firewalld-en");
    const reversed = await find("unreachable firewalld registry");
    expect(reversed[0]).toBe(forward[0]);
    expect(await find("firewalld registry zzzqqq")).toEqual([]);
  });

  it("matches identifiers in pieces and as substrings, and commands whatever their spacing", async () => {
    const hits = await find("ip_forward");
    expect(hits.slice(0, 3).map(slugOf).filter(Boolean).length).toBeGreaterThan(0);
    expect((await find("net.ipv4.ip_forward=1")).map(slugOf)).toContain("docker-registry-centos7-firewalld-en");
    expect((await find("net.ipv4.ip_forward = 1")).map(slugOf)).toContain("docker-registry-centos7-firewalld-en");
    // "MPU590" is in noise entry 59 only: the word index has no token "u590", the substring index finds it.
    expect(await find("u590")).toEqual([(await db().link.findUniqueOrThrow({ where: { url: "https://noise.example/59" } })).id]);
  });

  it("treats full-width and half-width letters alike", async () => {
    expect(await find("ｆｉｒｅｗａｌｌｄ　ｒｅｇｉｓｔｒｙ")).toEqual(await find("firewalld registry"));
  });

  it("finds Chinese and Japanese words of one and two characters without spaces", async () => {
    const fw = (await find("防火墙")).map(slugOf);
    expect(fw).toContain("docker-registry-centos7-firewalld-zh");
    expect((await find("转发")).map(slugOf)).toContain("docker-network-centos8-virtualbox-firewalld-zh");
    expect(slugOf((await find("転送"))[0])).toBe("docker-registry-centos7-firewalld-ja");
    expect((await find("端口")).map(slugOf)).toContain("docker-registry-centos7-firewalld-zh");
    // One character inside a run (not at either end) still matches, and only where it occurs.
    const kura = await entry({ url: "https://sake.example/", title: "酒蔵の見学", tags: [], text: "古い酒蔵の見学記録" });
    expect(await find("蔵")).toEqual([kura]);
  });

  it("finds an error message, as words and as a phrase", async () => {
    expect(slugOf((await find("No buffer space available"))[0])).toBe("docker-network-centos8-virtualbox-firewalld-zh");
    expect(slugOf((await find('"no buffer space"'))[0])).toBe("docker-network-centos8-virtualbox-firewalld-zh");
    expect(await find('"space buffer no"')).toEqual([]);
  });

  it("understands the filters of the syntax and treats an unknown key:value as words", async () => {
    const zh = await find("docker lang:zh");
    expect(zh.map(slugOf).every((s) => s?.endsWith("-zh"))).toBe(true);
    expect(zh.length).toBe(3);
    const withCalico = await find("tag:calico");
    expect(withCalico.map(slugOf)).toEqual(["k8s-calico-iptables-restart-docker-rules-zh"]);
    expect((await find("docker -tag:calico lang:zh")).map(slugOf)).not.toContain("k8s-calico-iptables-restart-docker-rules-zh");
    expect((await find("docker -registry")).map(slugOf)).not.toContain("docker-registry-centos7-firewalld-en");
    const total = async (q: string) => (await listEntries(LibrarySearch.from({ q }))).total;
    expect(await total("after:2029-12-31 tag:misc")).toBe(30);
    expect(await total("before:2029-12-31 tag:misc")).toBe(0);
    expect(await total("before:2029-12-31 tag:docker")).toBe(5);
    expect(await find("foo:bar")).toEqual([]);
    expect(await find('odd " input -- :: tag: "')).toBeInstanceOf(Array);
  });

  it("orders by title or last capture when asked, and narrows by the latest capture's status and file type", async () => {
    const list = async (params: Record<string, string>) => (await listEntries(LibrarySearch.from({ tag: "misc", ...params }))).entries;
    // Titles "Note 0 …", "Note 10 …", "Note 12 …": compared as lower-cased text, not as numbers.
    const byTitle = (await list({ sort: "title" })).map((e) => e.title!.toLowerCase());
    expect(byTitle).toEqual([...byTitle].sort());
    expect(byTitle.length).toBeGreaterThan(5);
    const newest = (await list({})).map((e) => e.createdAt.getTime());
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    expect(await list({ sort: "nonsense" })).toEqual(await list({}));

    const [first, second] = await list({});
    await db().snapshot.updateMany({ where: { linkId: first!.id }, data: { status: "failed" } });
    await db().snapshot.updateMany({ where: { linkId: second!.id }, data: { contentType: "application/pdf", capturedAt: new Date(Date.UTC(2040, 0, 1)) } });
    await searchIndex().index([first!.id, second!.id]);
    expect((await list({ status: "failed" })).map((e) => e.id)).toEqual([first!.id]);
    expect((await list({ status: "ready" })).map((e) => e.id)).not.toContain(first!.id);
    expect(await list({ status: "pending" })).toEqual([]);
    expect((await list({ type: "pdf" })).map((e) => e.id)).toEqual([second!.id]);
    expect((await list({ type: "html" })).map((e) => e.id)).not.toContain(second!.id);
    expect((await list({ sort: "captured" }))[0]!.id).toBe(second!.id);
    expect(LibrarySearch.isFiltered(LibrarySearch.from({ status: "failed" }))).toBe(true);
    await db().snapshot.updateMany({ where: { linkId: first!.id }, data: { status: "ready" } });
    await db().snapshot.updateMany({ where: { linkId: second!.id }, data: { contentType: "text/html", capturedAt: null } });
    await searchIndex().index([first!.id, second!.id]);
  });

  it("gives a snippet with the hits in <mark> and the text escaped", async () => {
    const page = await listEntries(LibrarySearch.from({ q: "防火墙" }));
    const snippet = page.snippets[ids.get("docker-registry-centos7-firewalld-zh")!];
    expect(snippet).toContain("<mark>防火墙</mark>");
    const id = await entry({ url: "https://x.example/html", title: "Escaping", tags: [], text: "run <script>alert(1)</script> quokka" });
    expect((await listEntries(LibrarySearch.from({ q: "quokka" }))).snippets[id]).toBe("run &lt;script&gt;alert(1)&lt;/script&gt; <mark>quokka</mark>");
  });

  it("stays in sync with adding, tagging, re-capturing and deleting an entry", async () => {
    const { linkId } = await addEntry({ url: "https://sync.example/page", tags: ["wombat"] });
    expect(await find("tag:wombat")).toEqual([linkId]);
    expect(await find("wombat")).toEqual([linkId]);
    await db().snapshot.updateMany({ where: { linkId }, data: { status: "ready", text: "The capybara sleeps." } });
    expect(await find("capybara")).toEqual([linkId]);
    await db().link.update({ where: { id: linkId }, data: { title: "Numbat field notes" } });
    expect(await find("numbat")).toEqual([linkId]);
    await setEntryTags(linkId, ["platypus"]);
    expect(await find("wombat")).toEqual([]);
    expect(await find("platypus")).toEqual([linkId]);
    await deleteEntry(linkId);
    expect(await find("capybara")).toEqual([]);
    const before = await searchIndex().count();
    expect(await searchIndex().reindex()).toBe(before);
    expect(slugOf((await find("転送"))[0])).toBe("docker-registry-centos7-firewalld-ja");
  });
});

describe("ranking (BM25, as FTS5 computes it)", () => {
  const named = new Map<number, string>();
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i % 50}`).join(" ");
  const at = (day: number) => new Date(Date.UTC(2031, 0, day));
  beforeAll(async () => {
    // "plinth" is in twelve entries, "gorvex" in two: the entry saying the rare word three times ranks above the one
    // saying the common word three times, though it is older (recency only breaks ties).
    named.set(
      await entry({ url: "https://rank.example/rare", title: "Rank one", tags: ["misc"], text: `plinth gorvex gorvex gorvex ${filler(20)}`, createdAt: at(1) }),
      "rare",
    );
    named.set(
      await entry({
        url: "https://rank.example/common",
        title: "Rank two",
        tags: ["misc"],
        text: `plinth plinth plinth gorvex ${filler(20)}`,
        createdAt: at(2),
      }),
      "common",
    );
    for (let i = 0; i < 10; i++)
      await entry({ url: `https://rank.example/plinth-${i}`, title: `Plain ${i}`, tags: ["misc"], text: `plinth ${filler(20)}`, createdAt: at(3 + i) });
    // One mention in a short entry weighs more than one mention in a long one (length normalisation), however new.
    named.set(
      await entry({ url: "https://rank.example/short", title: "Rank three", tags: ["misc"], text: `zephyrine ${filler(10)}`, createdAt: at(20) }),
      "short",
    );
    named.set(
      await entry({ url: "https://rank.example/long", title: "Rank four", tags: ["misc"], text: `zephyrine ${filler(600)}`, createdAt: at(21) }),
      "long",
    );
  });

  it("weighs a rarer word more (idf)", async () => {
    expect((await find("plinth gorvex")).map((id) => named.get(id))).toEqual(["rare", "common"]);
  });

  it("weighs a mention in a short entry more than one in a long entry", async () => {
    expect((await find("zephyrine")).map((id) => named.get(id))).toEqual(["short", "long"]);
  });
});

describe("commands and errors of the library", () => {
  const group = async (kind: "command" | "error", filter: string, text: string) =>
    (await listExtracts(kind, filter, 1)).groups.find((g) => g.text.replace(/\s*=\s*/, "=") === text);

  it("lists each command once however it is spaced, with every entry quoting it; prose is not a command", async () => {
    const a = await entry({
      url: "https://extracts.example/a",
      title: "Forwarding fix",
      tags: [],
      text: "Fix it:\n$ sysctl -w net.ipv4.ip_forward=1\nWARNING: IPv4 forwarding is disabled. Networking will not work.\n",
    });
    const b = await entry({
      url: "https://extracts.example/b",
      title: "转发修复",
      tags: [],
      text: "修复方法：\nsysctl -w net.ipv4.ip_forward = 1\nDocker daemon服务在启动的时候会调整很多配置项。\n",
    });
    const forward = await group("command", "IP_FORWARD", "sysctl -w net.ipv4.ip_forward=1");
    expect(forward?.entries.map((e) => e.id)).toEqual([a, b]);
    expect(forward?.entries.map((e) => e.title)).toEqual(["Forwarding fix", "转发修复"]);
    expect((await listExtracts("command", "daemon服务", 1)).total).toBe(0);
    const warning = await group("error", "ipv4 forwarding is disabled", "WARNING: IPv4 forwarding is disabled. Networking will not work.");
    // The seeded Chinese write-up quotes the same warning.
    expect(warning?.entries.map((e) => e.id)).toEqual([ids.get("docker-registry-centos7-firewalld-zh"), a]);

    // In step with writes: deleting an entry takes its commands along; a rebuild finds the same.
    await deleteEntry(a);
    expect((await group("command", "ip_forward", "sysctl -w net.ipv4.ip_forward=1"))?.entries.map((e) => e.id)).toEqual([b]);
    expect(
      (await group("error", "ipv4 forwarding is disabled", "WARNING: IPv4 forwarding is disabled. Networking will not work."))?.entries.map((e) => e.id),
    ).toEqual([ids.get("docker-registry-centos7-firewalld-zh")]);
    const before = (await listExtracts("command", "", 1)).total;
    await searchIndex().reindex();
    expect((await listExtracts("command", "", 1)).total).toBe(before);
  });

  it("pages through the list, most-quoted first, and a filter with no match answers nothing", async () => {
    const all = await listExtracts("command", "", 1);
    expect(all.total).toBeGreaterThan(0);
    const counts = all.groups.map((g) => g.entries.length);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    expect(await listExtracts("command", "no-such-command-anywhere", 1)).toMatchObject({ total: 0, groups: [], pageCount: 1 });
    expect((await listExtracts("command", "", 99)).groups).toEqual([]);
  });
});
