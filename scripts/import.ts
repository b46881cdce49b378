// `npm run import -- <file> [--no-capture]`: imports a bookmark export into the library of KURA_DATA_DIR (the
// formats are listed in lib/library/import/detect.ts). Progress goes to stderr; the last line on stdout is the
// summary as one line of JSON, {"imported", "duplicates", "failed": [{"item", "reason"}]}. A file that cannot be
// read or is no known export exits 1 with the reason on stderr, and nothing is imported.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { db } from "@/lib/db/client";
import { importFile, reportJson, UnknownImportFormat } from "@/lib/library/import";

const USAGE = "usage: npm run import -- <file> [--no-capture]";

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { "no-capture": { type: "boolean", default: false } } });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const file = positionals[0]!;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    console.error(`kura import: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 1;
  }
  try {
    const report = await importFile(bytes, {
      capture: !values["no-capture"],
      onProgress: ({ done, total }) => process.stderr.write(`kura import: ${done}/${total}\n`),
    });
    console.error(`kura import: ${file} read as ${report.format}`);
    console.log(JSON.stringify(reportJson(report)));
    return 0;
  } catch (error) {
    if (!(error instanceof UnknownImportFormat)) throw error;
    console.error(`kura import: ${file}: ${error.message}`);
    return 1;
  } finally {
    await db().$disconnect();
  }
}

process.exitCode = await main();
