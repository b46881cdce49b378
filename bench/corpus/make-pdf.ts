/**
 * Regenerates bench/corpus/report.pdf (run once: `npx tsx bench/corpus/make-pdf.ts`): a two-page PDF printed by
 * Chromium from HTML with Latin and Japanese text, the hazard page for non-HTML captures. The PDF is kept in the
 * tree so the benchmark serves a plain static file; this script documents how it was made.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, requireBrowser } from "../../lib/capture/browser/path";
import { loadConfig } from "../../lib/config";

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kura bench: granary report</title>
<style>
  body { font-family: "DejaVu Sans", sans-serif; margin: 0; }
  header { background: #43361f; color: #fff; padding: 24px 32px; }
  main { padding: 24px 32px; line-height: 1.5; }
  .ja { font-family: "Noto Sans CJK JP", sans-serif; }
  table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 4px 10px; }
  .page2 { break-before: page; }
</style></head><body>
<header><h1>Granary report, autumn 2026</h1><p>Kura benchmark hazard: a PDF served instead of a page.</p></header>
<main>
  <p>The storehouse keeps rice, millet and buckwheat dry through the winter; every bag is weighed on arrival.</p>
  <table><tr><th>Crop</th><th>Tonnes</th></tr><tr><td>Rice</td><td>12.5</td></tr><tr><td>Millet</td><td>3.2</td></tr></table>
  <section class="page2 ja" lang="ja"><h2>蔵の記録</h2>
    <p>米と蕎麦は冬の間、乾いた蔵で保管します。到着した袋はすべて計量します。</p>
    <p>東京都千代田区の倉庫では、湿度を五十パーセント以下に保ちます。</p></section>
</main></body></html>`;

const browser = await chromium.launch({ executablePath: requireBrowser(loadConfig().browserPath).path, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.setContent(HTML);
const pdf = await page.pdf({ format: "A4", printBackground: true });
await browser.close();
const out = path.join(import.meta.dirname, "report.pdf");
fs.writeFileSync(out, pdf);
console.log(out, pdf.length);
