import { describe, expect, it } from "vitest";
import { outlineReaderHtml, tableOfContents } from "./reader-outline";

describe("reader outline", () => {
  it("gives each h1–h3 a prefixed id and reads its text, entities and inline markup included", () => {
    const { html, headings } = outlineReaderHtml(
      `<h1>Docker &amp; firewalld</h1><p>x</p><h2 lang="zh">排查 <code>ip_forward</code></h2><h3>Step&#x20;3 &lt;fix&gt;</h3><h4>not listed</h4><h2></h2>`,
    );
    expect(headings).toEqual([
      { id: "kura-h-1", level: 1, text: "Docker & firewalld" },
      { id: "kura-h-2", level: 2, text: "排查 ip_forward" },
      { id: "kura-h-3", level: 3, text: "Step 3 <fix>" },
    ]);
    expect(html).toContain(`<h2 id="kura-h-2" lang="zh">排查 <code>ip_forward</code></h2>`);
    expect(html).toContain("<h4>not listed</h4>");
    expect(html).toContain("<h2></h2>");
  });

  it("lists a table of contents only for an article with a few sections, without its lone title", () => {
    const one = outlineReaderHtml("<h1>Title</h1><h2>A</h2><h2>B</h2>").headings;
    expect(tableOfContents(one)).toEqual([]);
    const three = outlineReaderHtml("<h1>Title</h1><h2>A</h2><h3>A.1</h3><h2>B</h2>").headings;
    expect(tableOfContents(three).map((h) => h.text)).toEqual(["A", "A.1", "B"]);
  });
});
