import { describe, expect, it } from "vitest";
import { assumesHttps, webUrlSchema, normalizeUrl } from "./url";
import { tagListSchema, tagKey } from "./tags";
import { validationTranslator } from "@/lib/i18n/translator";
import { issueText } from "@/lib/i18n/validation-text";
import { fieldErrors, libraryQuerySchema, pasteSchema } from "./forms";

const en = validationTranslator("en");

describe("webUrlSchema", () => {
  it.each([
    ["https://Example.COM:443/a/B?x=1#frag", "https://example.com/a/B?x=1"],
    ["http://example.com:80", "http://example.com/"],
    ["http://example.com:8080/", "http://example.com:8080/"],
    ["example.com/page", "https://example.com/page"],
    ["  https://example.com./x  ", "https://example.com/x"],
  ])("normalizes %s", (input, expected) => {
    expect(webUrlSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["javascript:alert(1)", /Only http and https/],
    ["ftp://example.com/file", /Only http and https/],
    ["file:///etc/passwd", /Only http and https/],
    ["data:text/html,<b>x</b>", /Only http and https/],
    ["http://", /not a valid web address/],
    ["https://exa mple.com", /not a valid web address/],
    ["", /Enter a link/],
    ["https://user:pw@example.com/", /user name or password/],
    [`https://example.com/${"a".repeat(3000)}`, /longer than/],
  ])("refuses %s with a clear message", (input, message) => {
    const result = webUrlSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issueText(result.error!.issues[0]!, en)).toMatch(message);
  });

  it("treats the same page with another fragment or default port as one link", () => {
    expect(normalizeUrl("https://example.com:443/doc#part-2")).toBe(normalizeUrl("https://EXAMPLE.com/doc"));
  });
});

describe("tagListSchema", () => {
  it("splits, trims and de-duplicates case-insensitively, keeping the first spelling", () => {
    expect(tagListSchema.parse("Docker, firewalld docker  iptables,")).toEqual(["Docker", "firewalld", "iptables"]);
  });

  it("accepts CJK separators and names", () => {
    expect(tagListSchema.parse("网络、防火墙，docker")).toEqual(["网络", "防火墙", "docker"]);
  });

  it("refuses an empty name between commas and over-long names", () => {
    expect(issueText(tagListSchema.safeParse("docker,,iptables").error!.issues[0]!, en)).toMatch(/cannot be empty/);
    expect(issueText(tagListSchema.safeParse("x".repeat(41)).error!.issues[0]!, en)).toMatch(/at most 40/);
  });

  it("refuses markup characters in names", () => {
    expect(tagListSchema.safeParse("<b>").success).toBe(false);
  });

  it("keys tags case-insensitively", () => {
    expect(tagKey(" FirewallD ")).toBe("firewalld");
  });
});

describe("forms", () => {
  it("reports the first message per field", () => {
    const result = pasteSchema.safeParse({ url: "javascript:alert(1)", tags: "ok,,x" });
    const errors = fieldErrors(result.error!, en);
    expect(Object.keys(errors).sort()).toEqual(["tags", "url"]);
    expect(errors.url).toMatch(/Only http and https/);
    expect(errors.tags).toBe("Tag names cannot be empty.");
  });

  it("reads repeated tag filters from the query string", () => {
    expect(libraryQuerySchema.parse({ tag: ["docker", "firewalld"], page: "2" })).toMatchObject({
      tag: ["docker", "firewalld"],
      page: 2,
    });
    expect(libraryQuerySchema.parse({ page: "-3" }).page).toBe(1);
  });
});

describe("pasteSchema", () => {
  it("takes one link per line, normalized and de-duplicated", () => {
    expect(pasteSchema.parse({ url: "https://a.example/x\n\n  b.example  \nhttps://A.example/x#top", tags: "t" })).toEqual({
      urls: ["https://a.example/x", "https://b.example/"],
      assumedHttps: ["https://b.example/"],
      tags: ["t"],
    });
  });

  it("refuses the whole batch and names every bad line", () => {
    const result = pasteSchema.safeParse({ url: "https://ok.example\njavascript:alert(1)\nftp://x.example", tags: "" });
    expect(fieldErrors(result.error!, en).url).toBe(
      'Line 2: Only http and https links can be archived (got "javascript:"). Line 3: Only http and https links can be archived (got "ftp:").',
    );
  });

  it("names the refused lines in the reader's language, with the schema's own limits", () => {
    const result = pasteSchema.safeParse({ url: "https://ok.example\njavascript:alert(1)", tags: "x".repeat(41) });
    expect(fieldErrors(result.error!, validationTranslator("zh"))).toEqual({
      url: "第 2 行：只能存档 http 和 https 链接（收到的是“javascript:”）。",
      tags: "标签名最多 40 个字符。",
    });
    expect(fieldErrors(result.error!, validationTranslator("ja")).url).toBe(
      "2 行目：保存できるのは http と https のリンクだけです（「javascript:」が指定されました）。",
    );
    const many = pasteSchema.safeParse({ url: Array.from({ length: 101 }, (_, i) => `https://e.example/${i}`).join("\n"), tags: "" });
    expect(fieldErrors(many.error!, en).url).toBe("Paste at most 100 links at once.");
  });

  it("shows a message that is not a catalogue key as it is, and an unknown locale in English", () => {
    const result = pasteSchema.safeParse({ url: 42, tags: "" });
    expect(fieldErrors(result.error!, validationTranslator("xx")).url).toMatch(/expected string/);
    expect(fieldErrors(pasteSchema.safeParse({ url: "", tags: "" }).error!, validationTranslator("xx")).url).toBe("Enter a link to archive.");
  });

  it("asks for a link when the box is empty", () => {
    expect(fieldErrors(pasteSchema.safeParse({ url: "  \n ", tags: "" }).error!, en).url).toBe("Enter a link to archive.");
  });
});

describe("a scheme-less paste", () => {
  it.each([
    ["example.com/page", true],
    ["localhost:3000/x", true],
    ["intranet:8080", true],
    ["127.0.0.1:4000/a", true],
    ["https://example.com/", false],
    ["http://example.com/", false],
    ["mailto:someone@example.com", false],
    ["javascript:alert(1)", false],
  ])("%s assumes https: %s", (input, expected) => {
    expect(assumesHttps(input)).toBe(expected);
  });

  it("lists the URLs whose https was a guess, unless the same URL was also typed with its scheme", () => {
    expect(pasteSchema.parse({ url: "a.example/x\nhttps://b.example/y\nb.example/y\nlocalhost:3000", tags: "" })).toEqual({
      urls: ["https://a.example/x", "https://b.example/y", "https://localhost:3000/"],
      assumedHttps: ["https://a.example/x", "https://localhost:3000/"],
      tags: [],
    });
  });
});
