import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { htmlLang, seedArticles, seedArticleUrl } from "./articles";

const dir = path.resolve(import.meta.dirname, "../../prisma/seed-articles");
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

/** Tags that are literal words: the tag is present exactly when the word occurs in the text. */
const LITERAL_TAGS: Record<string, RegExp> = {
  docker: /docker/i,
  firewalld: /firewalld/i,
  iptables: /iptables/i,
  kubernetes: /kubernetes|k8s/i,
  calico: /calico/i,
  drone: /drone/i,
  centos: /centos/i,
};

const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;
const KANA = /[\u3040-\u30ff]/;

describe("seedArticles", () => {
  it("covers each seed text exactly once", () => {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".txt"))
      .sort();
    expect(files).toHaveLength(5);
    expect(seedArticles.map((a) => a.file).sort()).toEqual(files);
  });

  it("has unique, URL-safe slugs and stable kura-seed:// URLs", () => {
    const slugs = seedArticles.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const a of seedArticles) {
      expect(a.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(seedArticleUrl(a)).toBe(`kura-seed://${a.slug}`);
      expect(() => new URL(seedArticleUrl(a))).not.toThrow();
    }
    // The three translations of one write-up share a stem and differ by language.
    const registry = seedArticles.filter((a) => a.slug.startsWith("docker-registry-centos7-firewalld-"));
    expect(registry.map((a) => a.file.slice(0, 3)).sort()).toEqual(["000", "001", "003"]);
    expect(registry.map((a) => a.slug.split("-").at(-1)).sort()).toEqual(["en", "ja", "zh"]);
  });

  it("records each article's language", () => {
    const langs = Object.fromEntries(seedArticles.map((a) => [a.file.slice(0, 3), a.language]));
    expect(langs).toEqual({ "000": "zh", "001": "en", "002": "zh", "003": "ja", "004": "zh" });
    expect(seedArticles.map((a) => htmlLang(a.language))).toEqual(["zh-CN", "en", "zh-CN", "ja", "zh-CN"]);
  });

  for (const a of seedArticles) {
    it(`${a.file}: title and one-sentence description are in the article's language`, () => {
      expect(a.title.trim()).toBe(a.title);
      expect(a.title.length).toBeGreaterThan(5);
      expect(a.description).not.toMatch(/\n/);
      if (a.language === "en") {
        expect(a.title).not.toMatch(CJK);
        expect(a.description).not.toMatch(CJK);
        expect(a.description.match(/[.!?](?=\s|$)/g)).toHaveLength(1);
        expect(a.description.endsWith(".")).toBe(true);
      } else {
        expect(a.title).toMatch(CJK);
        expect(a.description.match(/[。！？]/g)).toHaveLength(1);
        expect(a.description.endsWith("。")).toBe(true);
      }
      if (a.language === "ja") {
        expect(a.title).toMatch(KANA);
        expect(a.description).toMatch(KANA);
      }
    });

    it(`${a.file}: tags are lowercase, unique, and literal tags match the text`, () => {
      const text = read(a.file);
      expect(a.tags.length).toBeGreaterThan(0);
      expect(a.tags.length).toBeLessThanOrEqual(20);
      expect(new Set(a.tags).size).toBe(a.tags.length);
      for (const t of a.tags) expect(t).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      for (const [tag, word] of Object.entries(LITERAL_TAGS)) {
        expect({ tag, tagged: a.tags.includes(tag) }).toEqual({ tag, tagged: word.test(text) });
      }
    });
  }

  it("titles of 002 and 004 are their first lines", () => {
    for (const prefix of ["002", "004"]) {
      const a = seedArticles.find((x) => x.file.startsWith(prefix))!;
      expect(read(a.file).split("\n")[0]).toBe(a.title);
    }
  });

  it("has a publication date only where the text gives one", () => {
    const dated = seedArticles.filter((a) => a.publishedAt !== undefined);
    expect(dated.map((a) => a.file.slice(0, 3))).toEqual(["000"]);
    const a = dated[0]!;
    expect(a.publishedAt).toBe("2018-11-05T22:42:26+08:00");
    expect(Number.isNaN(Date.parse(a.publishedAt!))).toBe(false);
    expect(read(a.file).trimEnd().endsWith("2018年11月5日 22:42:26")).toBe(true);
  });
});
