import { describe, expect, it } from "vitest";
import { LibrarySearch } from "./search";

describe("LibrarySearch.from", () => {
  it("reads the same search from a page's search params and from an API URL", () => {
    const url = new URL("http://kura.test/api/links?tag=docker&tag=firewalld&q=%20nat%20&page=2");
    const fromApi = LibrarySearch.from(url.searchParams);
    const fromPage = LibrarySearch.from({ tag: ["docker", "firewalld"], q: " nat ", page: "2" });
    expect(fromApi).toEqual({ tags: ["docker", "firewalld"], q: "nat", page: 2 });
    expect(fromPage).toEqual(fromApi);
    expect(LibrarySearch.from({ tag: "docker" })).toEqual({ tags: ["docker"], q: undefined, page: 1 });
  });

  it("falls back to page 1 and no text for values it cannot use, and says when the library is narrowed", () => {
    const odd = LibrarySearch.from(new URLSearchParams("page=-3&q=" + "x".repeat(201)));
    expect(odd).toEqual({ tags: [], q: undefined, page: 1 });
    expect(LibrarySearch.isFiltered(odd)).toBe(false);
    expect(LibrarySearch.isFiltered(LibrarySearch.from({ q: "iptables" }))).toBe(true);
    expect(LibrarySearch.isFiltered(LibrarySearch.from({ tag: "ja" }))).toBe(true);
  });
});
