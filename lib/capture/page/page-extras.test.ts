import type { ServerResponse } from "node:http";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../capture-page";
import { jsonLdNodes, normalizeMetadata, pageMetadataSchema } from "./metadata";
import { LOOPBACK_ALLOWED, launchCaptureBrowser, serveRoutes, testLimits, type LoopbackSite } from "../testing";

// Real Chromium, real loopback pages: metadata, the sanitized reader article and the overlay pass of capturePage.

const limits = testLimits();
const allow = LOOPBACK_ALLOWED;
const para = (n: number, words: string) =>
  Array.from(
    { length: n },
    (_, i) => `<p>${words} Paragraph ${i + 1} keeps going long enough for Readability to take it as article text, with commas, clauses, and more words.</p>`,
  ).join("\n");

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Doc title | Site</title>
<meta property="og:title" content="  The OG   title ">
<meta property="og:type" content="article"><meta property="og:site_name" content="Loopback Times">
<meta property="og:image" content="/photo.png"><meta property="og:description" content="OG description">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<meta property="article:author" content="https://loopback.example/authors/ann">
<meta property="article:tag" content="Docker"><meta property="article:tag" content="firewalld">
<meta name="twitter:card" content="summary_large_image"><meta name="twitter:creator" content="@ann">
<meta name="keywords" content="iptables, docker">
<link rel="canonical" href="/canonical/path?x=1">
<script type="application/ld+json">{ broken json, </script>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","name":"Loopback Times"},
  {"@type":["NewsArticle"],"headline":"JSON-LD headline","author":[{"@type":"Person","name":"Ann Example"},{"name":"Bo Example"}],
   "datePublished":"2024-03-05T09:00:00Z","dateModified":"2024-04-01","publisher":{"@type":"Organization","name":"Loopback Media"}}
]}</script>
</head><body><header style="position:fixed;top:0;left:0;right:0;height:48px;background:#eee">Home · <a href="/subscribe">Subscribe</a> · <a href="/privacy">Privacy</a></header>
<article><h1>The article</h1><p class="byline">By Ann Example</p>
${para(5, "First part.")}
<figure><img src="/photo.png" alt="A photo" width="120" height="80"><figcaption>A caption</figcaption></figure>
<img src="/missing.png" alt="never arrived">
<p>Link to <a href="/other" onclick="steal()">another page</a> and <a href="javascript:alert(1)">a trap</a>.</p>
<script>document.body.dataset.ran = "1"</script>
${para(3, "Second part.")}
</article></body></html>`;

// A known CMP's markup (OneTrust) shown by script with a scroll lock; a legitimate fixed header must stay.
const CMP = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CMP</title>
<style>html.locked, body.locked { overflow: hidden; } #onetrust-banner-sdk { position: fixed; bottom: 0; left: 0; right: 0; height: 200px; background: #fff; }
.onetrust-pc-dark-filter { position: fixed; inset: 0; background: rgba(0,0,0,.5); }
.topbar { position: fixed; top: 0; left: 0; right: 0; height: 56px; background: #223; color: #fff; }</style></head>
<body><div class="topbar">Site · <a href="/newsletter">Newsletter</a> · <a href="/cookies">Cookie policy</a> · <a href="/privacy">Your privacy</a></div>
<main style="padding-top:60px"><h1>Article under a CMP</h1>${para(4, "CMP page.")}</main>
<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter"></div><div id="onetrust-banner-sdk">We use cookies. <button>Accept</button></div></div>
<script>document.documentElement.classList.add("locked"); document.body.classList.add("locked");</script>
</body></html>`;

// A generic newsletter modal with a backdrop, shown late (after the first pass) by a timer.
const MODAL = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Modal</title>
<style>.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.6); z-index: 5; }
.modal { position: fixed; top: 20%; left: 25%; width: 50%; height: 50%; background: #fff; z-index: 6; }
.sticky-nav { position: sticky; top: 0; height: 40px; background: #ddd; }</style></head>
<body><nav class="sticky-nav">Start · Newsletter abonnieren</nav><main><h1>Artikel</h1>${para(4, "Ein Absatz.")}</main>
<script>setTimeout(() => {
  document.body.insertAdjacentHTML("beforeend", '<div class="backdrop"></div><div class="modal" id="nl">Abonnieren Sie unseren Newsletter! <input type="email"></div>');
  document.body.style.overflow = "hidden";
}, 150);</script>
</body></html>`;

let browser: Browser;
let site: LoopbackSite;
let origin: string;

beforeAll(async () => {
  const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#2a6" } })
    .png()
    .toBuffer();
  const html = (body: string) => (res: ServerResponse) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  site = await serveRoutes({
    "/article": html(ARTICLE),
    "/cmp": html(CMP),
    "/modal": html(MODAL),
    "/photo.png": (res) => res.writeHead(200, { "content-type": "image/png" }).end(photo),
  });
  origin = site.origin;
  browser = await launchCaptureBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("page metadata", () => {
  it("reads Open Graph, Twitter, JSON-LD (@graph, broken blocks skipped) and the canonical URL before scripts are stripped", async () => {
    const result = await capturePage(browser, { url: `${origin}/article`, allow, limits });
    expect(result.html).not.toMatch(/application\/ld\+json/); // the archive has no scripts …
    const details = result.metadata.details!; // … but the metadata was read from the live page
    expect(details).toMatchObject({
      canonicalUrl: `${origin}/canonical/path?x=1`,
      title: "The OG title",
      description: "OG description",
      siteName: "Loopback Times",
      type: "article",
      image: `${origin}/photo.png`,
      authors: ["Ann Example", "Bo Example"],
      publisher: "Loopback Media",
      publishedTime: "2024-03-05T09:00:00.000Z",
      modifiedTime: "2024-04-01T00:00:00.000Z",
      lang: "en",
      twitter: { card: "summary_large_image", creator: "@ann", site: null },
    });
    expect(details.keywords).toEqual(["iptables", "docker", "firewalld"]); // "Docker" again, in another case, is dropped
    expect(details.jsonLdTypes).toEqual(["WebSite", "NewsArticle"]);
    expect(result.metadata.title).toBe("The OG title");
    // The stored JSON round-trips through the schema (how lib/library/snapshot-facts.ts reads it back; what it makes
    // of other versions and unreadable text is tested there).
    expect(pageMetadataSchema.parse(JSON.parse(JSON.stringify(details)))).toEqual(details);
  });

  it("tolerates JSON-LD with comments, trailing commas and nesting, and ignores non-http canonical links", () => {
    const nodes = jsonLdNodes(['<!-- {"@type":"Article","headline":"A",} -->', '[{"@type":"Person"}]', "{nope"]);
    expect(nodes.map((n) => n["@type"])).toEqual(["Article", "Person"]);
    const raw = { documentTitle: "T", metaTags: [], jsonLd: [], language: null, faviconUrl: null };
    expect(normalizeMetadata({ ...raw, canonicalHref: "javascript:alert(1)" }, null, "http://h.test/a").details!.canonicalUrl).toBeNull();
    expect(normalizeMetadata({ ...raw, canonicalHref: "/b" }, null, "http://h.test/a").details!.canonicalUrl).toBe("http://h.test/b");
  });
});

describe("reader article", () => {
  it("stores Readability's content sanitized, with received images inlined and the missing one dropped", async () => {
    const result = await capturePage(browser, { url: `${origin}/article`, allow, limits });
    const reader = result.readerHtml!;
    expect(reader).toContain("First part. Paragraph 1");
    expect(reader).toContain("Second part. Paragraph 3");
    expect(reader).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="A photo"/);
    expect(reader).not.toContain("never arrived");
    expect(reader).toContain(`href="${origin}/other"`);
    expect(reader).not.toMatch(/<script|onclick|javascript:|style=/i);
    expect([...reader.matchAll(/\ssrc="([^"]+)"/g)].every((m) => m[1]!.startsWith("data:"))).toBe(true);
    expect(result.article?.byline).toContain("Ann Example");
  });
});

describe("overlays", () => {
  it("hides a known CMP, undoes the scroll lock, keeps a fixed top bar whose consent words are links", async () => {
    const result = await capturePage(browser, { url: `${origin}/cmp`, allow, limits, hideOverlays: true });
    expect(result.overlays!.hidden.map((h) => `${h.kind}:${h.name}`).sort()).toEqual(["cmp:OneTrust"]);
    expect(result.overlays!.scrollUnlocked).toBe(true);
    // The archive keeps the banner, hidden, and the header, shown.
    expect(result.html).toMatch(/id="onetrust-consent-sdk"[^>]*data-kura-hidden="cmp"|data-kura-hidden="cmp"[^>]*id="onetrust-consent-sdk"/);
    expect(result.html).toContain("Site · ");
    expect(result.html).not.toMatch(/class="topbar"[^>]*data-kura-hidden|data-kura-hidden[^>]*class="topbar"/);
    // The note the snapshot stores for this report is worded in lib/library/snapshot-facts.test.ts.
    expect(result.overlays).toEqual({ hidden: [{ kind: "cmp", name: "OneTrust" }], scrollUnlocked: true });
    // Without the option nothing is touched.
    const kept = await capturePage(browser, { url: `${origin}/cmp`, allow, limits, hideOverlays: false });
    expect(kept.overlays).toBeNull();
    expect(kept.html).not.toContain("data-kura-hidden");
  });

  it("hides a generic newsletter modal shown by a timer and its backdrop; a sticky nav with the same words stays", async () => {
    const result = await capturePage(browser, { url: `${origin}/modal`, allow, limits, hideOverlays: true });
    const hidden = result.overlays!.hidden.map((h) => `${h.kind}:${h.name}`).sort();
    expect(hidden).toEqual(["backdrop:div.backdrop", "newsletter:div#nl.modal"]);
    expect(result.overlays!.scrollUnlocked).toBe(true);
    expect(result.html).not.toMatch(/<nav[^>]*data-kura-hidden/);
    // The screenshot shows the article, not the dark backdrop: its top-left area is near white.
    const { data } = await sharp(result.screenshot!).extract({ left: 20, top: 300, width: 40, height: 40 }).raw().toBuffer({ resolveWithObject: true });
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    expect(mean).toBeGreaterThan(200);
  });
});
