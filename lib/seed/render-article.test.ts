import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { seedArticles, type SeedArticle } from "./articles";
import { sanitizeReaderHtml } from "@/lib/capture/page/reader-html";
import { articlePlainText, parseArticle, parseArticleDetailed, renderArticleHtml, renderArticleReaderHtml, type Block } from "./render-article";

const dir = path.resolve(import.meta.dirname, "../../prisma/seed-articles");
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
const byPrefix = (prefix: string) => {
  const a = seedArticles.find((x) => x.file.startsWith(prefix));
  if (!a) throw new Error(`no seed article ${prefix}`);
  return { article: a, text: read(a.file) };
};

/**
 * Written independently of the parser: drops every run of lines "1", "2", … "N" (the gutter of a code
 * highlighter) that stands after a blank line (or at the start) and is directly followed by a non-blank line.
 */
function stripGutters(text: string): { text: string; runs: number } {
  const lines = text.split("\n");
  const kept: string[] = [];
  let runs = 0;
  for (let i = 0; i < lines.length;) {
    if (lines[i]!.trim() === "1" && (i === 0 || lines[i - 1]!.trim() === "")) {
      let n = 1;
      while (lines[i + n]?.trim() === String(n + 1)) n++;
      if ((lines[i + n] ?? "").trim() !== "") {
        runs++;
        i += n;
        continue;
      }
    }
    kept.push(lines[i]!);
    i++;
  }
  return { text: kept.join("\n"), runs };
}

const normalize = (s: string) => s.replace(/\s+/g, " ").trim();

const codeBlocks = (blocks: Block[]) => blocks.filter((b) => b.kind === "code").map((b) => b.text);
const headings = (blocks: Block[]) => blocks.filter((b) => b.kind === "heading").map((b) => b.text);

describe("parseArticle: nothing lost, nothing invented", () => {
  const expectedGutterRuns: Record<string, number> = { "000": 0, "001": 0, "002": 13, "003": 0, "004": 3 };

  for (const article of seedArticles) {
    it(`${article.file}: blocks concatenate to the text without gutter numbers`, () => {
      const text = read(article.file);
      const stripped = stripGutters(text);
      expect(stripped.runs).toBe(expectedGutterRuns[article.file.slice(0, 3)]);

      const blocks = parseArticle(text);
      expect(blocks.length).toBeGreaterThan(5);
      expect(normalize(blocks.map((b) => b.text).join(" "))).toBe(normalize(stripped.text));
      for (const b of blocks) {
        expect(b.text.trim()).not.toBe("");
        expect(b.text).toBe(b.kind === "code" ? b.text.replace(/\s+$/, "") : b.text.trim());
      }
    });

    it(`${article.file}: plain text has the same content, paragraphs separated by blank lines`, () => {
      const text = read(article.file);
      const plain = articlePlainText(text);
      expect(normalize(plain)).toBe(normalize(stripGutters(text).text));
      expect(plain.split("\n\n").length).toBeGreaterThanOrEqual(parseArticle(text).length);
      // No gutter survives: no code block starts with "1\n2".
      expect(plain).not.toMatch(/(^|\n\n)1\n2\n/);
    });
  }
});

describe("parseArticle: code blocks", () => {
  it("002: gutter-numbered blocks become code, without their line numbers", () => {
    const blocks = parseArticle(byPrefix("002").text);
    const code = codeBlocks(blocks);
    expect(code).toHaveLength(13);
    const sysctl = code.find((c) => c.includes("$ sudo sysctl -a | grep net.netfilter.nf_log"));
    expect(sysctl).toBeDefined();
    expect(sysctl!.split("\n")[0]).toBe("$ sudo sysctl -a | grep net.netfilter.nf_log");
    expect(sysctl!.split("\n")).toHaveLength(15);
    expect(sysctl!.endsWith("net.netfilter.nf_log_all_netns = 0")).toBe(true);
    expect(code).toContain("kern.*                                                 /var/log/messages");
    expect(code).toContain("cd /tmp/\nwget http://www.bing.com/");
    // A 7-line block with an empty line inside keeps that line.
    expect(code).toContain(
      "# 删除 TRACE 规则\nsudo iptable -t raw -D PREROUTING 1\nsudo iptable -t raw -D OUTPUT 1\n\n## 添加 LOG 规则\n" +
        "sudo iptables -t raw -A OUTPUT     -p tcp -j LOG --log-level debug\n" +
        "sudo iptables -t raw -A PREROUTING     -p tcp -j LOG --log-level debug",
    );
    // English quotes from man pages stay prose even when they start with "iptables".
    const quote = blocks.find((b) => b.text.startsWith("iptables can use extended packet matching"));
    expect(quote?.kind).toBe("paragraph");
    // Inline commands inside Chinese sentences are not torn out of them.
    expect(blocks.find((b) => b.text.startsWith("监视系统日志 sudo tail"))?.kind).toBe("paragraph");
    expect(headings(blocks)).toEqual(["记一次 Docker 网络问题排查", "Reference"]);
  });

  it("004: the iptables-restore rule set and the INPUT chain listing are code", () => {
    const blocks = parseArticle(byPrefix("004").text);
    const code = codeBlocks(blocks);
    expect(code).toHaveLength(3);
    const rules = code.find((c) => c.includes("*nat"));
    expect(rules).toBeDefined();
    const lines = rules!.split("\n");
    expect(lines).toHaveLength(27);
    expect(lines[0]).toBe("# Generated by iptables-save v1.4.21 on Thu Apr 30 20:48:42 2015");
    expect(lines.at(-1)).toBe("# Completed on Thu Apr 30 20:48:42 2015");
    expect(lines).toContain("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    expect(lines).toContain("*filter");
    expect(code[0]!.startsWith("Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n")).toBe(true);
    expect(code[0]!.split("\n")).toHaveLength(11);
    expect(code).toContain("/etc/sysconfig/iptables");
    expect(headings(blocks)).toEqual([byPrefix("004").article.title, "引子", "错误操作", "引发的2个网络问题", "排查", "解决过程", "后续验证", "最后"]);
    // The blog theme's widget line is not article text.
    expect(blocks.at(-1)).toEqual({ kind: "footer", text: "Donate comment here" });
  });

  it("001: run-together lines are split into headings, paragraphs and commands at clear markers", () => {
    const blocks = parseArticle(byPrefix("001").text);
    expect(headings(blocks)).toEqual([
      "1. Background",
      "2. Troubleshooting",
      "Case 1: The firewall is turned on but no ports are open",
      "Case 2: Manually restart the FirewallD service of CentOS 7",
      "Case 3: IP_FORWARD is not enabled",
      "3. Summary",
    ]);
    expect(codeBlocks(blocks)).toEqual([
      "docker run -d -p 5000:5000 registry",
      "firewall-cmd --state",
      "firewall-cmd --list-ports\nfirewall-cmd --list-services",
      "systemctl stop firewalld.service",
      "firewall-cmd --add-port=5000/tcp --permanent\nfirewall-cmd --reload",
      "sysctl net.ipv4.ip_forward",
      "systemctl restart network.service",
      "echo 'net.ipv4.ip_forward = 1' >> /usr/lib/sysctl.d/50-default.conf",
      "sysctl -p /usr/lib/sysctl.d/50-default.conf",
    ]);
    // A colon inside parentheses is not a paragraph break.
    expect(blocks.some((b) => b.kind === "paragraph" && b.text.includes("(Docker: If you can’t afford"))).toBe(true);
    expect(blocks.some((b) => b.text.startsWith("If you can’t afford"))).toBe(false);
  });

  it("003: commands on their own lines are code; translated sentences are not", () => {
    const blocks = parseArticle(byPrefix("003").text);
    const code = codeBlocks(blocks);
    expect(code).toContain("ファイアウォールコマンド --add-port=5000/tcp --permanent\nファイアウォール-cmd --reload");
    expect(code).toContain("sysctl -p /usr/lib/sysctl.d/50-default.conf");
    expect(code).toContain("エコー 'net.ipv4.ip_forward = 1' >> /usr/lib/sysctl.d/50-default.conf");
    expect(code).toHaveLength(8);
    expect(blocks.find((b) => b.text === "systemctl でネットワークサービスを再起動します。")?.kind).toBe("paragraph");
    expect(blocks.find((b) => b.text === "1. FirewallD サービスをオフにします。")?.kind).toBe("paragraph");
    expect(headings(blocks)).toEqual(expect.arrayContaining(["1. 背景", "2. トラブルシューティング", "3. まとめ", "ケース3: IP_FORWARDが有効になっていない"]));
  });

  it("000: the snapshot platform's navigation is a nav block; sections are headings", () => {
    const blocks = parseArticle(byPrefix("000").text);
    expect(blocks[0]).toEqual({
      kind: "nav",
      text: "添加链接\nlink管理\n链接快照平台\n• 输入网页链接,自动生成快照\n• 标签化管理网页链接",
    });
    expect(blocks.filter((b) => b.kind === "nav")).toHaveLength(1);
    expect(headings(blocks)).toEqual([
      "二、问题排查",
      "情况一:开着防火墙但没有开放端口",
      "情况二:人为重启CentOS 7的FirewallD服务",
      "FirewallD",
      "情况三:没有启用IP_FORWARD",
    ]);
    expect(codeBlocks(blocks)).toEqual(["WARNING: IPv4 forwarding is disabled. Networking will not work."]);
    expect(blocks.at(-1)).toEqual({ kind: "paragraph", text: "2018年11月5日 22:42:26" });
  });
});

describe("parseArticle: the syndication site's footer", () => {
  for (const prefix of ["001", "003"]) {
    it(`${prefix}: 123WORDPRESS boilerplate and teasers are footer blocks after the article`, () => {
      const blocks = parseArticle(byPrefix(prefix).text);
      const first = blocks.findIndex((b) => b.kind === "footer");
      expect(first).toBeGreaterThan(0);
      expect(blocks.slice(first).every((b) => b.kind === "footer")).toBe(true);
      expect(blocks.slice(0, first).some((b) => /123WORDPRESS/i.test(b.text))).toBe(false);
      expect(blocks.slice(first).some((b) => /123WORDPRESS/i.test(b.text))).toBe(true);
      expect(blocks.at(-1)!.text).toMatch(/\.\.\.$/);
      // The article itself ends with the author's closing lesson.
      expect(blocks[first - 1]!.text).toMatch(/(root cause\.|対処することです。)$/);
    });
  }

  it("002 and 000 have no footer", () => {
    for (const prefix of ["000", "002"]) {
      expect(parseArticle(byPrefix(prefix).text).some((b) => b.kind === "footer")).toBe(false);
    }
  });
});

describe("parseArticle: conservative splitting", () => {
  it("leaves ordinary prose alone", () => {
    const text = "第一段,提到 sudo systemctl restart docker.service 的命令。\n\n第二段 (Note: This is it.)\n";
    expect(parseArticle(text)).toEqual([
      { kind: "paragraph", text: "第一段,提到 sudo systemctl restart docker.service 的命令。" },
      { kind: "paragraph", text: "第二段 (Note: This is it.)" },
    ]);
  });

  it("does not treat a lone number line as a gutter unless code follows", () => {
    const text = "Intro\n\n1\n\nOutro";
    expect(
      normalize(
        parseArticle(text)
          .map((b) => b.text)
          .join(" "),
      ),
    ).toBe("Intro 1 Outro");
  });
});

const synthetic: SeedArticle = {
  file: "synthetic.txt",
  slug: "synthetic",
  title: 'A <b>bold</b> title & "quotes"',
  language: "en",
  description: "Tom & Jerry <img src=x onerror=alert(1)>.",
  tags: ["docker", "<x>"],
};

describe("renderArticleHtml", () => {
  it("escapes markup in the text, title, description and tags", () => {
    const text = [
      "Heading <i>",
      "",
      'Some <script>alert("x")</script> & more </p><p onclick="x">',
      "",
      "1",
      "2",
      "echo '<script>' && cat a > b",
      "</code></pre><script>evil()</script>",
      "",
      "sudo iptables -A INPUT -j ACCEPT <b>",
    ].join("\n");
    const html = renderArticleHtml(synthetic, text);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("<i>");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain('onclick="x"');
    expect(html).toContain("Some &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more &lt;/p&gt;&lt;p onclick=&quot;x&quot;&gt;");
    expect(html).toContain(
      "<pre><code>echo &#39;&lt;script&gt;&#39; &amp;&amp; cat a &gt; b\n&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;evil()&lt;/script&gt;</code></pre>",
    );
    expect(html).toContain("<title>A &lt;b&gt;bold&lt;/b&gt; title &amp; &quot;quotes&quot;</title>");
    expect(html).toContain("Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt;.");
    expect(html).toContain("<li>&lt;x&gt;</li>");
    // Exactly the code-block tags the renderer wrote, none from the text.
    expect(html.match(/<pre>/g)).toHaveLength(2);
  });

  it("sets the html lang attribute per language", () => {
    const expected = { zh: "zh-CN", en: "en", ja: "ja" } as const;
    for (const article of seedArticles) {
      const html = renderArticleHtml(article, read(article.file));
      expect(html).toContain(`<html lang="${expected[article.language]}">`);
    }
  });

  for (const article of seedArticles) {
    it(`${article.file}: is a standalone, self-contained document`, () => {
      const html = renderArticleHtml(article, read(article.file));
      expect(html.startsWith("<!doctype html>\n<html lang=")).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toContain(`<title>${article.title.replace(/&/g, "&amp;")}</title>`);
      expect(html.match(/<style>/g)).toHaveLength(1);
      expect(html).not.toMatch(/<(?:script|link|img|iframe|object|embed|video|audio|source)\b/i);
      expect(html).not.toMatch(/@import|url\(|<[a-z][^>]*\s(?:src|href|srcset)\s*=/i);
      expect(html.trimEnd().endsWith("</html>")).toBe(true);
      for (const tag of article.tags) expect(html).toContain(`<li>${tag}</li>`);
      if (article.language !== "en") expect(html).toMatch(/font-family: "Noto Sans CJK (SC|JP)"/);
    });
  }

  it("000: nav is rendered muted at the top, with the date in the header", () => {
    const { article, text } = byPrefix("000");
    const html = renderArticleHtml(article, text);
    const nav = html.indexOf('<nav class="source-nav"');
    expect(nav).toBeGreaterThan(0);
    expect(nav).toBeLessThan(html.indexOf("<article>"));
    expect(html).toContain("<li>链接快照平台</li>");
    expect(html).toContain('<time datetime="2018-11-05T22:42:26+08:00">2018-11-05 22:42</time>');
  });

  it("001: the site footer comes after the article, in a <footer>", () => {
    const { article, text } = byPrefix("001");
    const html = renderArticleHtml(article, text);
    const end = html.indexOf("</article>");
    const footer = html.indexOf('<footer class="site-footer">');
    expect(footer).toBeGreaterThan(end);
    expect(html.indexOf("123WORDPRESS")).toBeGreaterThan(footer);
    expect(html).toContain("<h2>1. Background</h2>");
    expect(html).toContain("<h3>Case 3: IP_FORWARD is not enabled</h3>");
    expect(html).toContain("<pre><code>firewall-cmd --add-port=5000/tcp --permanent\nfirewall-cmd --reload</code></pre>");
  });

  it("002: inline commands in Chinese prose are marked as code without changing the text", () => {
    const { article, text } = byPrefix("002");
    const html = renderArticleHtml(article, text);
    expect(html).toContain("<code>sudo systemctl restart rsyslog.service</code>,往防火墙里添加 TRACE 规则:");
    // The first line is the title: shown once, as the <h1>.
    const body = html.slice(html.indexOf("<body>"));
    expect(body.split("记一次 Docker 网络问题排查")).toHaveLength(2);
    expect(body).toContain("<h1>记一次 Docker 网络问题排查</h1>");
    // English sentences quoted inside Chinese prose are not mistaken for commands.
    expect(html).not.toContain("<code>xtables-monitor will run");
    expect(html).toMatch(/<code( class="nb")?>xtables-monitor --trace<\/code>/);
  });
});

describe("renderArticleReaderHtml", () => {
  for (const article of seedArticles) {
    it(`${article.file}: one element per block, in order, text unchanged through the reader's sanitizer`, () => {
      const text = read(article.file);
      // As the reader shows it: through the sanitizer every stored reader article passes.
      const html = sanitizeReaderHtml(renderArticleReaderHtml(text));
      // Code blocks carry tabindex="0" (focusable, since they scroll sideways).
      const elements = [...html.matchAll(/<(h2|h3|pre|p)(?: tabindex="0")?>([\s\S]*?)<\/\1>/g)];
      const blocks = parseArticleDetailed(text);
      expect(elements.map((e) => e[1])).toEqual(
        blocks.map((b) => (b.kind === "code" ? "pre" : b.kind === "heading" ? (b.role === "title" || b.role === "section" ? "h2" : "h3") : "p")),
      );
      const unescape = (s: string) =>
        s
          .replace(/<[^>]+>/g, "")
          .replace(/&#(x?)([0-9a-f]+);/gi, (_m, hex: string, n: string) => String.fromCodePoint(parseInt(n, hex ? 16 : 10)))
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, "&");
      expect(elements.map((e) => normalize(unescape(e[2]!)))).toEqual(blocks.map((b) => normalize(b.text)));
      expect(html.match(/<aside>/g)?.length ?? 0).toBe(blocks.filter((b) => b.kind === "nav" || b.kind === "footer").length);
    });
  }
});
