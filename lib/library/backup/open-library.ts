import { config } from "@/lib/config";
import type { LibraryDatabase, LibrarySource, LibraryTarget } from "./library-database";
import { postgresSource, postgresTarget } from "./postgres-library";
import { sqliteSource, sqliteTarget } from "./sqlite-library";

/** The database a backup reads, whichever kind it is. */
export function openLibrarySource(database: LibraryDatabase): Promise<LibrarySource> {
  return database.kind === "postgresql" ? postgresSource(database.url) : Promise.resolve(sqliteSource(database.file));
}

/** The database a restore writes, whichever kind it is. */
export function openLibraryTarget(database: LibraryDatabase): Promise<LibraryTarget> {
  return database.kind === "postgresql" ? postgresTarget(database.url) : Promise.resolve(sqliteTarget(database.file));
}

/** The database named by the options, else the configured one (a SQLite file or a PostgreSQL server). */
export function databaseOf(options: { database?: LibraryDatabase; databaseFile?: string }): LibraryDatabase {
  if (options.database) return options.database;
  if (options.databaseFile) return { kind: "sqlite", file: options.databaseFile };
  return config().database;
}
