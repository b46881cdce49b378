// One Prisma schema holds one provider, so the PostgreSQL schema is derived from the SQLite one (the source of
// truth) and never edited by hand: `npm run db:postgres-schema` writes it, and prisma/postgresql.test.ts fails when
// the committed copy no longer matches what this derives (the two then describe different models).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by prisma/postgres-schema.ts — edit that file, then run
// \`npm run db:postgres-schema\`. The same models on PostgreSQL (DATABASE_URL=postgresql://…).
`;

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, "g"))?.length ?? 0;
  if (matches !== 1) throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches}`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema for a SQLite schema: its own provider and its own generated client, the same models. */
export function postgresSchemaFrom(sqlite: string): string {
  let schema = replaceOnce(sqlite, /provider = "sqlite"/, 'provider = "postgresql"', "sqlite datasource");
  schema = replaceOnce(schema, /output( +)= "\.\.\/lib\/generated\/prisma"/, 'output$1= "../../lib/generated/prisma-pg"', "client output");
  // The SQLite datasource's comment speaks of the data folder; a PostgreSQL URL is always given.
  schema = schema.replace(/^ *\/\/ prisma\.config\.ts fills DATABASE_URL.*\n/m, "");
  return HEADER + schema;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`wrote ${path.relative(root, POSTGRES_SCHEMA)}`);
}
