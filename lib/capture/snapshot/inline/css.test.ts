import { describe, expect, it } from "vitest";
import { parseImportPrelude, rewriteCss, type CssRewriteOptions } from "./css";

const BASE = "https://example.com/assets/css/site.css";

/** A resolver that inlines known URLs as `data:x,<url>` so the tests can see which URL was resolved. */
function options(known: string[], sheets: Record<string, string> = {}): CssRewriteOptions {
  return {
    baseUrl: BASE,
    resolveUrl: (url) => (known.includes(url) ? `data:x,${url}` : null),
    loadImport: (url) => (url in sheets ? { text: sheets[url]!, url } : null),
  };
}

describe("rewriteCss: url()", () => {
  it("resolves unquoted, single- and double-quoted urls against the sheet's own URL", () => {
    const css = `a{background:url(../img/a.png)} b{background:url('/img/b.png')} c{background:url( "img/c.png" )}`;
    const out = rewriteCss(css, options(["https://example.com/assets/img/a.png", "https://example.com/img/b.png", "https://example.com/assets/css/img/c.png"]));
    expect(out).toBe(
      `a{background:url("data:x,https://example.com/assets/img/a.png")} ` +
        `b{background:url("data:x,https://example.com/img/b.png")} ` +
        `c{background:url("data:x,https://example.com/assets/css/img/c.png")}`,
    );
  });

  it("replaces unknown resources with data:, so replay never reaches the network", () => {
    expect(rewriteCss(`x{background:url(https://cdn.example.net/missing.png)}`, options([]))).toBe(`x{background:url("data:,")}`);
    expect(rewriteCss(`x{behavior:url("javascript:alert(1)")}`, options([]))).toBe(`x{behavior:url("data:,")}`);
    // An unquoted url with a parenthesis is a bad-url token: browsers drop the declaration, so it is kept as is.
    expect(rewriteCss(`x{behavior:url(javascript:alert(1))}`, options([]))).toBe(`x{behavior:url(javascript:alert(1))}`);
  });

  it("leaves fragment-only references, data: URLs and empty urls alone", () => {
    const css = `p{filter:url(#blur);mask:url("#m");background:url(data:image/png;base64,AAAA);cursor:url()}`;
    expect(rewriteCss(css, options([]))).toBe(css);
  });

  it("is case-insensitive and understands escapes in urls", () => {
    const out = rewriteCss(`x{background:URL(a\\(1\\).png)}`, options(["https://example.com/assets/css/a(1).png"]));
    expect(out).toBe(`x{background:url("data:x,https://example.com/assets/css/a(1).png")}`);
  });

  it("does not touch url-like text in comments, strings or other identifiers", () => {
    const css = `/* url(a.png) */ x::before{content:"url(b.png)"} .myurl(c){} --u: myurl(d.png);`;
    expect(rewriteCss(css, options([]))).toBe(css);
  });

  it("rewrites @font-face src lists, keeping format() hints", () => {
    const css = `@font-face{font-family:F;src:url(/f.woff2) format("woff2"),url(/f.woff) format("woff"),local("F")}`;
    expect(rewriteCss(css, options(["https://example.com/f.woff2"]))).toBe(
      `@font-face{font-family:F;src:url("data:x,https://example.com/f.woff2") format("woff2"),url("data:,") format("woff"),local("F")}`,
    );
  });

  it("rewrites strings inside image-set() but not other strings", () => {
    const css = `x{background-image:image-set("a.png" 1x, url(b.png) 2x, "c.avif" type("image/avif"));content:"a.png"}`;
    const out = rewriteCss(css, options(["https://example.com/assets/css/a.png", "https://example.com/assets/css/b.png"]));
    expect(out).toBe(
      `x{background-image:image-set("data:x,https://example.com/assets/css/a.png" 1x, url("data:x,https://example.com/assets/css/b.png") 2x, "data:," type("image/avif"));content:"a.png"}`,
    );
  });

  it("swaps :defined for the snapshot's marker test when asked (custom elements never upgrade at replay)", () => {
    const css = `x-card:not(:defined){visibility:hidden} :defined{color:red} a::defined-ish, p:definedx {}`;
    expect(rewriteCss(css, { ...options([]), definedSelector: ":not([data-u])" })).toBe(
      `x-card:not(:not([data-u])){visibility:hidden} :not([data-u]){color:red} a::defined-ish, p:definedx {}`,
    );
    expect(rewriteCss(css, options([]))).toBe(css);
  });

  it("drops @charset (the snapshot is UTF-8) and a BOM", () => {
    expect(rewriteCss(`\ufeff@charset "iso-8859-1";\nx{color:red}`, options([]))).toBe(`\nx{color:red}`);
  });
});

describe("rewriteCss: @import", () => {
  it("inlines imports recursively, resolving each sheet's urls against its own URL", () => {
    const sheets = {
      "https://example.com/assets/css/theme.css": `@import "parts/colors.css";\n.t{background:url(../img/t.png)}`,
      "https://example.com/assets/css/parts/colors.css": `.c{background:url(c.png)}`,
    };
    const out = rewriteCss(
      `@import url(theme.css);\nbody{margin:0}`,
      options(["https://example.com/assets/img/t.png", "https://example.com/assets/css/parts/c.png"], sheets),
    );
    expect(out).not.toContain("@import url");
    expect(out).toContain(`.c{background:url("data:x,https://example.com/assets/css/parts/c.png")}`);
    expect(out).toContain(`.t{background:url("data:x,https://example.com/assets/img/t.png")}`);
    // imported rules come first, as they do in the cascade
    expect(out.indexOf(".c{")).toBeLessThan(out.indexOf(".t{"));
    expect(out.indexOf(".t{")).toBeLessThan(out.indexOf("body{"));
  });

  it("keeps media, supports() and layer() conditions by wrapping the imported rules", () => {
    const sheets = { "https://example.com/assets/css/a.css": `.a{color:red}` };
    const media = rewriteCss(`@import "a.css" screen and (min-width: 600px);`, options([], sheets));
    expect(media).toMatch(/@media screen and \(min-width: 600px\) \{\s*\.a\{color:red\}\s*\}/);
    const layered = rewriteCss(`@import url(a.css) layer(base) supports(display: grid) print;`, options([], sheets));
    expect(layered).toMatch(/@layer base \{\s*@supports \(display: grid\) \{\s*@media print \{\s*\.a\{color:red\}\s*\}\s*\}\s*\}/);
    const anonymous = rewriteCss(`@import "a.css" layer;`, options([], sheets));
    expect(anonymous).toMatch(/@layer \{\s*\.a\{color:red\}\s*\}/);
  });

  it("drops imports that were not recorded and imports that browsers ignore (after other rules)", () => {
    const sheets = { "https://example.com/assets/css/late.css": `.late{color:red}` };
    const out = rewriteCss(`@import "missing.css";\nx{color:blue}\n@import "late.css";`, options([], sheets));
    expect(out).not.toContain("@import");
    expect(out).not.toContain(".late");
    expect(out).toContain("x{color:blue}");
  });

  it("allows @charset and @layer statements before imports", () => {
    const sheets = { "https://example.com/assets/css/a.css": `.a{color:red}` };
    const out = rewriteCss(`@charset "utf-8";@layer base, theme;\n@import "a.css";`, options([], sheets));
    expect(out).toContain("@layer base, theme;");
    expect(out).toContain(".a{color:red}");
  });

  it("cuts import cycles", () => {
    const sheets = {
      "https://example.com/assets/css/a.css": `@import "b.css";.a{}`,
      "https://example.com/assets/css/b.css": `@import "a.css";.b{}`,
    };
    const out = rewriteCss(`@import "a.css";`, options([], sheets));
    expect(out.match(/\.a\{\}/g)).toHaveLength(1);
    expect(out.match(/\.b\{\}/g)).toHaveLength(1);
  });

  it("parses import preludes", () => {
    expect(parseImportPrelude(` url("x.css") layer(a.b) supports(not (display: grid)) screen`)).toEqual({
      url: "x.css",
      layer: "a.b",
      supports: "not (display: grid)",
      media: "screen",
    });
    expect(parseImportPrelude(` 'y.css' all`)).toEqual({ url: "y.css", layer: null, supports: null, media: "" });
    expect(parseImportPrelude(` foo`)).toBeNull();
  });
});
