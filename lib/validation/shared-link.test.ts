import { describe, expect, it } from "vitest";
import { sharedLinkSchema } from "./shared-link";
import { validationTranslator } from "@/lib/i18n/translator";
import { issueText } from "@/lib/i18n/validation-text";

const en = validationTranslator("en");

describe("sharedLinkSchema (bookmarklet and share target)", () => {
  it("takes the url parameter and keeps the title", () => {
    expect(sharedLinkSchema.parse({ url: "https://Example.com/a#top", title: "A page" })).toEqual({ url: "https://example.com/a", title: "A page" });
  });

  it("finds the address inside shared text when url is empty (Android share sheets)", () => {
    expect(sharedLinkSchema.parse({ url: "", text: "Look at this: https://example.com/post?id=3).", title: "Post" }).url).toBe("https://example.com/post?id=3");
  });

  it("treats a scheme-less url parameter as https, but not a word in free text", () => {
    expect(sharedLinkSchema.parse({ url: "example.com/b" }).url).toBe("https://example.com/b");
    expect(sharedLinkSchema.safeParse({ text: "just some words" }).success).toBe(false);
  });

  it("refuses non-web addresses and empty shares with a message", () => {
    const js = sharedLinkSchema.safeParse({ url: "javascript:alert(1)" });
    expect(js.success).toBe(false);
    expect(issueText(js.error!.issues[0]!, en)).toMatch(/Only http and https/);
    const none = sharedLinkSchema.safeParse({});
    expect(issueText(none.error!.issues[0]!, en)).toMatch(/no web address/);
  });

  it("uses the first value of a repeated parameter", () => {
    expect(sharedLinkSchema.parse({ url: ["https://a.example/", "https://b.example/"] }).url).toBe("https://a.example/");
  });
});
