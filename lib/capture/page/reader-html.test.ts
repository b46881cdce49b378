import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { sanitizeReaderHtml } from "./reader-html";

const HOSTILE = `
<h1 onclick="alert(1)">Title</h1>
<p style="background:url(https://tracker.example/p.gif)" class="x" id="login">Hello <b onmouseover="steal()">world</b>
  <a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt&colon;alert(2)">entity js</a> <a href=" data:text/html,<script>alert(3)</script>">data</a>
  <a href="vbscript:x">vb</a> <a href="//evil.example/x">protocol relative</a> <a href="/relative/page">relative</a>
  <a href="https://example.org/ok" target="_top" rel="opener">ok link</a></p>
<script>alert("script")</script><style>body{display:none}</style>
<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o"></object><embed src="https://evil.example/e">
<form action="https://evil.example/post"><input name="password"><button formaction="https://evil.example">Go</button></form>
<img src="https://evil.example/not-received.png" alt="missing" onerror="alert(4)">
<img src="https://site.example/photo.png" srcset="https://evil.example/big.png 2x" alt="received" width="24" height="16" style="position:fixed">
<img src="x" srcset="https://site.example/photo.png 1x">
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+" alt="inline svg">
<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" alt="html as image">
<svg><a xlink:href="javascript:alert(5)"><text>svg link</text></a><script>alert(6)</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(7)></style></mglyph></table></mtext></math>
<video src="https://evil.example/v.mp4" poster="https://evil.example/poster.jpg"></video>
<audio src="https://evil.example/a.mp3"></audio>
<picture><source srcset="https://evil.example/s.webp"><img src="https://site.example/photo.png" alt="in picture"></picture>
<link rel="stylesheet" href="https://evil.example/s.css"><meta http-equiv="refresh" content="0;url=https://evil.example">
<base href="https://evil.example/"><table background="https://evil.example/bg.png"><tr><td colspan="2" onclick="x()">cell</td></tr></table>
<blockquote cite="javascript:alert(8)">quote</blockquote><pre><code class="language-js">let a = 1 &lt; 2;</code></pre>
<div lang="ja" dir="rtl" data-x="1" aria-hidden="true">日本語</div>
<noscript><img src="https://evil.example/noscript.gif"></noscript>
<a href="https://example.org/" ping="https://evil.example/ping">ping</a>
`;

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .png()
    .toBuffer();
}

describe("sanitizeReaderHtml", () => {
  it("keeps structure and text but no script, handler, javascript:, style, form, frame or external source", async () => {
    const body = await photo();
    const requested: string[] = [];
    const out = sanitizeReaderHtml(HOSTILE, {
      baseUrl: "https://site.example/article",
      image: (url) => {
        requested.push(url);
        return url === "https://site.example/photo.png" ? { contentType: "image/png", body } : undefined;
      },
    });

    // Content survives.
    expect(out).toContain("<h1>Title</h1>");
    expect(out).toContain("Hello <b>world</b>");
    expect(out).toContain('<td colspan="2">cell</td>');
    expect(out).toContain("<code>let a = 1 &lt; 2;</code>");
    expect(out).toContain('<div lang="ja" dir="rtl">日本語</div>');
    expect(out).toContain('<a rel="noopener noreferrer nofollow" href="https://example.org/ok" target="_blank">ok link</a>');
    // A protocol-relative link is what the page meant: resolved against the page, still only a link.
    expect(out).toContain('<a rel="noopener noreferrer nofollow" href="https://evil.example/x" target="_blank">protocol relative</a>');
    expect(out).toContain('href="https://site.example/relative/page"');

    // Nothing executable or styled.
    expect(out).not.toMatch(/<script|<style|<iframe|<object|<embed|<form|<input|<button|<svg|<math|<video|<audio|<source|<link|<meta|<base|<noscript/i);
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    expect(out).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(out).not.toMatch(/style=|class=|id=|data-x|aria-hidden|ping=|background=|formaction|srcset|poster|cite=/i);
    expect(out).not.toContain("alert(");
    expect(out).not.toContain('target="_top"');
    expect(out).not.toContain('rel="opener"');

    // Every remaining src is a data: image; no external URL is left in any src/href except http(s) links.
    const srcs = [...out.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBe(4); // received, srcset fallback, inline svg, in picture
    for (const src of srcs) expect(src).toMatch(/^data:image\/(png|svg\+xml);base64,/);
    expect(out.replace('href="https://evil.example/x"', "")).not.toContain("evil.example");
    expect(out).toContain('alt="received" width="24" height="16"');
    expect(out).not.toContain('alt="missing"');
    expect(out).not.toContain('alt="html as image"');
    expect(requested).toContain("https://evil.example/not-received.png");
  });

  it("drops images beyond the inline budget and relative links without a base", async () => {
    const body = await photo();
    const html = `<p><a href="/app/logout">out</a><img src="https://s.example/a.png" alt="a"><img src="https://s.example/b.png" alt="b"></p>`;
    const out = sanitizeReaderHtml(html, {
      image: () => ({ contentType: "image/png", body }),
      maxImageBytes: Math.ceil(body.length / 3) * 4 + 10,
    });
    expect(out).toContain('alt="a"');
    expect(out).not.toContain('alt="b"');
    expect(out).toBe(`<p><a rel="noopener noreferrer nofollow">out</a><img src="data:image/png;base64,${body.toString("base64")}" alt="a" /></p>`);
  });

  it("is stable: sanitizing its own output changes nothing (the reader re-sanitizes stored files)", async () => {
    const body = await photo();
    const once = sanitizeReaderHtml(HOSTILE, { baseUrl: "https://site.example/", image: () => ({ contentType: "image/png", body }) });
    expect(sanitizeReaderHtml(once)).toBe(once);
  });

  it("makes code blocks and tables keyboard-focusable (they scroll sideways), whatever tabindex the page gave them", () => {
    const out = sanitizeReaderHtml('<pre tabindex="-1"><code>x</code></pre><table tabindex="5"><tr><td>a</td></tr></table><p tabindex="0">p</p>');
    expect(out).toContain('<pre tabindex="0">');
    expect(out).toContain('<table tabindex="0">');
    expect(out).toContain("<p>p</p>");
  });
});
