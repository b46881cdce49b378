import fs from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, requireBrowser } from "../lib/capture/browser-path";
import { openReplay } from "./replay";
const html = fs.readFileSync(process.argv[2]!, "utf8");
const browser = await chromium.launch({ executablePath: requireBrowser().path, args: CHROMIUM_ARGS });
const r = await openReplay(browser, html, { csp: process.argv[3] !== "nocsp" });
for (const f of r.page.frames()) {
  console.log("frame", f.url(), await f.evaluate(() => [document.compatMode, getComputedStyle(document.body).backgroundColor, JSON.stringify(document.body.getBoundingClientRect()), innerWidth, innerHeight].join(" ")).catch((e) => String(e).slice(0, 200)));
}
console.log(r.attempts);
await r.page.evaluate(async () => { for (let y = 0; y < document.documentElement.scrollHeight; y += 400) { scrollTo(0, y); await new Promise((r) => requestAnimationFrame(() => r(null))); } scrollTo(0, 0); });
await r.page.screenshot({ path: "/tmp/shot0.png", fullPage: true });
await new Promise((res) => setTimeout(res, 1000));
await r.page.screenshot({ path: "/tmp/shot1.png", fullPage: true });
await browser.close();
