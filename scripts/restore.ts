// `npm run restore -- <file.tar>`: restores a backup into this instance — the data folder's SQLite file, or the
// PostgreSQL server DATABASE_URL names (migrated first, as any Kura process does), with its files in the data folder
// or the KURA_S3_* bucket — which must be empty (only the seeded write-ups, which the backup replaces). The whole archive is verified before anything changes; on any failure
// nothing is left changed. Prints a one-line JSON summary; exit 0, or 1 with the reason on stderr.
import { parseArgs } from "node:util";
import { prepareDatabase } from "@/lib/db/prepare";
import { restoreBackup } from "@/lib/library/backup";

const USAGE = "usage: npm run restore -- <file.tar>";

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  try {
    const started = performance.now();
    await prepareDatabase((line) => console.error(`kura restore: ${line}`));
    const summary = await restoreBackup(positionals[0]!);
    console.log(JSON.stringify({ restored: true, ...summary, ms: Math.round(performance.now() - started) }));
    return 0;
  } catch (error) {
    console.error(`kura restore: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exit(await main());
