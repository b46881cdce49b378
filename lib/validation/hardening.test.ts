import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./auth";
import { libraryQuerySchema } from "./forms";

describe("safeReturnPath", () => {
  it("keeps paths on this site, query and fragment included", () => {
    expect(safeReturnPath("/links/3?tab=diff#top")).toBe("/links/3?tab=diff#top");
    expect(safeReturnPath("/")).toBe("/");
    expect(safeReturnPath("/settings")).toBe("/settings");
  });

  it("refuses anything a browser could read as another origin", () => {
    for (const next of [
      "/\t/evil.example/", // ?next=/%09/evil.example/ : browsers drop the tab and go to //evil.example/
      "/\n/evil.example/",
      "/\r\n/evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example",
      "https://evil.example/",
      "evil.example",
      "/\u0085/evil.example",
      "javascript:alert(1)",
      "",
    ]) {
      expect(safeReturnPath(next), JSON.stringify(next)).toBe("/");
    }
    expect(safeReturnPath(["/settings"])).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
  });
});

describe("libraryQuerySchema on odd tag filters", () => {
  it("ignores a tag over 80 characters instead of throwing", () => {
    const parsed = libraryQuerySchema.safeParse({ tag: ["docker", "x".repeat(81)] });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.tag).toEqual(["docker"]);
  });

  it("keeps the first 10 of more than 10 tags instead of throwing", () => {
    const tags = Array.from({ length: 15 }, (_, i) => `t${i}`);
    const parsed = libraryQuerySchema.safeParse({ tag: tags });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.tag).toEqual(tags.slice(0, 10));
  });
});
