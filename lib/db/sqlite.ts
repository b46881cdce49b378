import Database from "better-sqlite3";
import { config } from "@/lib/config";

/**
 * A connection of its own to the database file, beside the Prisma client: for work that needs the rows exactly as
 * stored and a transaction it holds across awaits (the backup's consistent read, the restore's all-or-nothing write).
 */
export function openSqlite(file = config().databaseFile, options: { readonly?: boolean } = {}): Database.Database {
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true, timeout: 10_000 });
  if (!options.readonly) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

export type SqliteDatabase = Database.Database;

/** The stored form of a DateTime (what the Prisma adapter writes): ISO 8601 with "+00:00". */
export function storedDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
