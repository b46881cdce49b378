/**
 * Regenerates the corpus images (run once: `npx tsx bench/corpus/make-assets.ts`). The files are kept in the
 * tree so the benchmark and tests serve plain static files; this script only documents how they were made.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const dir = path.join(import.meta.dirname, "img");
fs.mkdirSync(dir, { recursive: true });

function svg(width: number, height: number, body: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`);
}

function scene(width: number, height: number, label: string, hue: number): Buffer {
  const circles = Array.from({ length: 12 }, (_, i) => {
    const x = ((i * 97) % 100) / 100;
    const y = ((i * 53) % 100) / 100;
    return `<circle cx="${Math.round(x * width)}" cy="${Math.round(y * height)}" r="${Math.round(height / (6 + (i % 4)))}" fill="hsl(${(hue + i * 25) % 360},70%,${45 + (i % 3) * 10}%)" fill-opacity="0.55"/>`;
  }).join("");
  return svg(
    width,
    height,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,35%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},70%,75%)"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/>${circles}` +
      `<text x="50%" y="55%" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(height / 6)}" font-weight="bold" fill="#fff" text-anchor="middle">${label}</text>`,
  );
}

async function write(name: string, image: ReturnType<typeof sharp>) {
  await image.toFile(path.join(dir, name));
  console.log(name, fs.statSync(path.join(dir, name)).size);
}

await write("photo.jpg", sharp(scene(640, 360, "photo.jpg", 200)).jpeg({ quality: 82 }));
await write("chart.png", sharp(scene(400, 240, "chart.png", 20)).png());
await write("pattern.png", sharp(svg(24, 24, `<rect width="24" height="24" fill="#f4efe6"/><path d="M0 24L24 0" stroke="#d9c9ad" stroke-width="3"/>`)).png());
await write("favicon.png", sharp(svg(32, 32, `<rect width="32" height="32" rx="6" fill="#b3261e"/><text x="16" y="23" font-size="20" font-family="DejaVu Sans" fill="#fff" text-anchor="middle">蔵</text>`)).png());
for (const w of [400, 800, 1600]) {
  await write(`hero-${w}.jpg`, sharp(scene(w, Math.round(w / 2), `hero ${w}w`, 120)).jpeg({ quality: 80 }));
}
await write("art-wide.png", sharp(scene(960, 320, "wide art", 300)).png());
await write("art-narrow.png", sharp(scene(480, 480, "narrow art", 40)).png());
await write("icon-1x.png", sharp(scene(160, 160, "1x", 260)).png());
await write("icon-2x.png", sharp(scene(320, 320, "2x", 80)).png());
for (let i = 1; i <= 6; i++) {
  await write(`lazy-${i}.jpg`, sharp(scene(600, 300, `lazy ${i}`, (i * 55) % 360)).jpeg({ quality: 78 }));
}
await write("poster.jpg", sharp(scene(480, 270, "poster", 160)).jpeg({ quality: 80 }));
await write("placeholder.gif", sharp(svg(1, 1, `<rect width="1" height="1" fill="#eee"/>`)).gif());
