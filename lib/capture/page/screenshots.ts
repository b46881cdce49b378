import type { Page } from "playwright-core";
import sharp from "sharp";
import type { NetworkGuard } from "../network/guard";
import { pageHeight } from "./scripts";

export const VIEWPORT = { width: 1280, height: 800 } as const;
const THUMBNAIL_WIDTH = 480;

/** The full-page screenshot (cut at `maxHeight`, the cut noted) and its first viewport as the thumbnail. */
export async function takeScreenshots(page: Page, maxHeight: number, guard: NetworkGuard): Promise<{ screenshot: Buffer; thumbnail: Buffer }> {
  const fullHeight = await page.evaluate(pageHeight);
  const height = Math.max(1, Math.min(fullHeight, maxHeight));
  if (fullHeight > maxHeight) guard.limitsHit.add("maxScreenshotHeight");
  const full = await page.screenshot({
    type: "png",
    fullPage: true,
    clip: { x: 0, y: 0, width: VIEWPORT.width, height },
    animations: "disabled",
  });
  // The thumbnail is the first viewport of the same picture: one screenshot instead of two.
  const [screenshot, thumbnail] = await Promise.all([
    sharp(full).webp({ quality: 80 }).toBuffer(),
    sharp(full)
      .extract({ left: 0, top: 0, width: VIEWPORT.width, height: Math.min(VIEWPORT.height, height) })
      .resize({ width: THUMBNAIL_WIDTH })
      .webp({ quality: 72 })
      .toBuffer(),
  ]);
  return { screenshot, thumbnail };
}
