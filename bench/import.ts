/**
 * Import benchmark: `npm run bench:import` (tsx bench/import.ts).
 *
 * Generates a Netscape bookmark file of BENCH_IMPORT_SIZE (default 5,000) bookmarks — nested folders, TAGS, dates,
 * <DD> descriptions, a few repeats and refused schemes like a real browser export — then, in a fresh temporary data
 * folder: parses it (decode + detect + parse + URL checks), imports it with captures queued (one snapshot and job
 * per new link, as the UI's default does), and imports the same file again (every row a duplicate). Prints a table.
 */
import fs from "node:fs";
import path from "node:path";
import { useTempDataDir } from "@/lib/db/testing";

const SIZE = Number(process.env.BENCH_IMPORT_SIZE ?? 5000);
const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { importFile, parseImportFile } = await import("@/lib/library/import");

function bookmarkFile(size: number): string {
  const folders = ["Work", "Reading", "Docker", "Networking", "Recipes", "Travel"];
  const lines = [
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    "<TITLE>Bookmarks</TITLE>",
    "<DL><p>",
  ];
  const perFolder = Math.ceil(size / folders.length);
  let n = 0;
  for (const folder of folders) {
    lines.push(`  <DT><H3 ADD_DATE="1600000000">${folder}</H3>`, "  <DL><p>", `    <DT><H3>${folder} archive</H3>`, "    <DL><p>");
    for (let i = 0; i < perFolder && n < size; i++, n++) {
      // Every 50th row repeats an earlier address (with a fragment) and every 200th is a browser-internal one.
      const url =
        n % 200 === 199
          ? `place:sort=8&maxResults=${n}`
          : n % 50 === 49
            ? `https://bench.example/${folder}/${n - 10}#again`
            : `https://bench.example/${folder}/${n}`;
      lines.push(
        `      <DT><A HREF="${url}" ADD_DATE="${1500000000 + n * 60}" TAGS="bench,t${n % 40}">Bookmark ${n} &amp; friends</A>`,
        `      <DD>Description of bookmark ${n}`,
      );
    }
    lines.push("    </DL><p>", "  </DL><p>");
  }
  lines.push("</DL><p>");
  return lines.join("\n");
}

const file = Buffer.from(bookmarkFile(SIZE));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

let started = performance.now();
const parsed = parseImportFile(file);
const parseS = seconds(started);

started = performance.now();
const first = await importFile(file, { capture: true });
const importS = seconds(started);

started = performance.now();
const again = await importFile(file, { capture: true });
const reimportS = seconds(started);

const links = await db().link.count();
const jobs = await db().job.count();
await db().$disconnect();
fs.rmSync(path.resolve(dataDir), { recursive: true, force: true });

console.log(`Import of a ${SIZE}-bookmark Netscape file (${(file.byteLength / 1024).toFixed(0)} KB), batches of 500, captures queued`);
console.log("| step | s | imported | duplicates | refused |");
console.log("| --- | ---: | ---: | ---: | ---: |");
console.log(`| parse | ${parseS} | ${parsed.items.length} items | ${parsed.duplicates} | ${parsed.rejects.length} |`);
console.log(`| import | ${importS} | ${first.imported} | ${first.duplicates} | ${first.failed.length} |`);
console.log(`| re-import | ${reimportS} | ${again.imported} | ${again.duplicates} | ${again.failed.length} |`);
console.log(`Library after both: ${links} entries, ${jobs} capture jobs queued.`);
