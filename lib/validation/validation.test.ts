import { describe, expect, it } from "vitest";
import { webUrlSchema, normalizeUrl } from "./url";
import { tagListSchema, tagKey } from "./tags";
import { fieldErrors, libraryQuerySchema, pasteSchema } from "./forms";

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
    expect(result.error!.issues[0]!.message).toMatch(message);
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
    expect(tagListSchema.safeParse("docker,,iptables").error?.issues[0]?.message).toMatch(/cannot be empty/);
    expect(tagListSchema.safeParse("x".repeat(41)).error?.issues[0]?.message).toMatch(/at most 40/);
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
    const errors = fieldErrors(result.error!);
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
      tags: ["t"],
    });
  });

  it("refuses the whole batch and names every bad line", () => {
    const result = pasteSchema.safeParse({ url: "https://ok.example\njavascript:alert(1)\nftp://x.example", tags: "" });
    expect(fieldErrors(result.error!).url).toBe(
      'Line 2: Only http and https links can be archived (got "javascript:"). Line 3: Only http and https links can be archived (got "ftp:").',
    );
  });

  it("asks for a link when the box is empty", () => {
    expect(fieldErrors(pasteSchema.safeParse({ url: "  \n ", tags: "" }).error!).url).toBe("Enter a link to archive.");
  });
});
