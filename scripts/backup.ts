// `npm run backup -- <file.tar>`: a full backup of this instance (the database DATABASE_URL or KURA_DATA_DIR names, and
// the file store: the data folder or the KURA_S3_* bucket) into one .tar:
// manifest.json, database.json and every stored file. Prints a one-line JSON summary; exit 0, or 1 with the reason.
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { writeBackup } from "@/lib/library/backup";

const USAGE = "usage: npm run backup -- <file.tar>";

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const file = positionals[0]!;
  // Written beside the target and renamed at the end: a failed backup never leaves a file that looks complete.
  const partial = `${file}.partial`;
  try {
    const started = performance.now();
    const manifest = await writeBackup(createWriteStream(partial));
    await fs.rename(partial, file);
    const { size } = await fs.stat(file);
    for (const key of manifest.missingFiles) console.error(`kura backup: warning: ${key} is referenced but missing from the store`);
    console.log(
      JSON.stringify({ file, bytes: size, ...manifest.counts, missingFiles: manifest.missingFiles.length, ms: Math.round(performance.now() - started) }),
    );
    return 0;
  } catch (error) {
    await fs.rm(partial, { force: true });
    console.error(`kura backup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exit(await main());
