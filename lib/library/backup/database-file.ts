import crypto from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import readline from "node:readline";
import { BACKUP_TABLES, BackupRefused, DATABASE_FORMAT, PATH_COLUMNS, TABLES_ADDED_LATER, type BackupTable, type Row } from "./format";
import type { LibrarySource } from "./library-database";

// database.json: every row of the library's tables in SQLite's stored form (dates as ISO 8601 text with "+00:00", as
// the adapter writes them, booleans as 0/1), whichever database they were read from, so a restore writes back the
// same values. Each row's columns are in name order: SQLite and PostgreSQL keep a table's columns in different orders
// (SQLite appends a column a migration adds), and one order makes the file the same bytes from either. The layout is plain JSON that any tool reads, written one row per
// line so that Kura writes and reads it as a stream, never holding a whole table:
//
//   {"format":"kura-database","version":1,"tables":{
//   "Link":[
//   {"id":1,…},
//   {"id":2,…}
//   ],
//   …
//   "AppState":[
//   ]
//   }}

const HEADER = `{"format":"${DATABASE_FORMAT}","version":1,"tables":{`;
const FOOTER = "}}";

export type DatabaseDump = {
  size: number;
  sha256: string;
  counts: Record<BackupTable, number>;
  columns: Record<BackupTable, string[]>;
  /** Every store key a row points at. */
  fileKeys: Set<string>;
};

/** Writes every row into `file` inside one read transaction: the rows are one consistent moment of the library even while captures go on. */
export async function dumpDatabase(source: LibrarySource, file: string): Promise<DatabaseDump> {
  const out = createWriteStream(file);
  const hash = crypto.createHash("sha256");
  let size = 0;
  const write = async (text: string) => {
    hash.update(text);
    size += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  const counts = {} as Record<BackupTable, number>;
  const columns = {} as Record<BackupTable, string[]>;
  const fileKeys = new Set<string>();
  try {
    await source.readConsistently(async (tables) => {
      await write(`${HEADER}\n`);
      for (const [index, table] of BACKUP_TABLES.entries()) {
        columns[table] = (await tables.columns(table)).sort();
        await write(`"${table}":[\n`);
        let count = 0;
        for await (const stored of tables.rows(table)) {
          const row: Row = Object.fromEntries(columns[table].map((c) => [c, stored[c] ?? null]));
          // Accounts are not in the backup: who made a share link cannot be said on another instance.
          if (table === "ShareLink") row.createdById = null;
          for (const column of PATH_COLUMNS[table] ?? []) if (typeof row[column] === "string") fileKeys.add(row[column]);
          await write(`${count === 0 ? "" : ",\n"}${JSON.stringify(row)}`);
          count++;
        }
        counts[table] = count;
        await write(`${count === 0 ? "" : "\n"}]${index < BACKUP_TABLES.length - 1 ? "," : ""}\n`);
      }
      await write(`${FOOTER}\n`);
    });
  } finally {
    out.end();
    await once(out, "close");
  }
  return { size, sha256: hash.digest("hex"), counts, columns, fileKeys };
}

const malformed = (why: string) => new BackupRefused(`database.json is not in the layout Kura writes (${why}); nothing was changed.`);

/** The rows of a database.json Kura wrote, table by table in the file's order; refuses any other layout. */
export async function* readDatabaseRows(file: string): AsyncGenerator<{ table: BackupTable; row: Row }> {
  const lines = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let state: "header" | "tables" | "rows" | "footer" | "end" = "header";
  let table: BackupTable | null = null;
  const seen = new Set<string>();
  let number = 0;
  for await (const line of lines) {
    number++;
    if (state === "header") {
      if (line !== HEADER) throw malformed("unknown header");
      state = "tables";
    } else if (state === "tables") {
      const start = /^"([A-Za-z]+)":\[$/.exec(line);
      if (!start || !(BACKUP_TABLES as readonly string[]).includes(start[1]!) || seen.has(start[1]!)) throw malformed(`line ${number}: expected a table`);
      table = start[1] as BackupTable;
      seen.add(table);
      state = "rows";
    } else if (state === "rows") {
      if (line === "]," || line === "]") {
        state = line === "]," ? "tables" : "footer";
        continue;
      }
      let row: unknown;
      try {
        row = JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line);
      } catch {
        throw malformed(`line ${number}: not a JSON row`);
      }
      if (!row || typeof row !== "object" || Array.isArray(row)) throw malformed(`line ${number}: not a row object`);
      for (const value of Object.values(row)) {
        if (value !== null && typeof value !== "string" && typeof value !== "number") throw malformed(`line ${number}: a value that is no column value`);
      }
      yield { table: table!, row: row as Row };
    } else if (state === "footer") {
      if (line !== FOOTER) throw malformed(`line ${number}: expected the end`);
      state = "end";
    } else if (line !== "") {
      throw malformed(`line ${number}: text after the end`);
    }
  }
  if (state !== "end") throw malformed("it ends early");
  if (BACKUP_TABLES.some((t) => !seen.has(t) && !TABLES_ADDED_LATER.has(t))) throw malformed("a table is missing");
}
