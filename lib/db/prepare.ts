import { config } from "@/lib/config";
import { reportPostgresEncoding } from "./postgres";
import { migratePostgres } from "./postgres-migrate";

/**
 * Readies the configured database before a process uses it. SQLite is migrated by the set-up (`prisma migrate
 * deploy`); a PostgreSQL server is migrated here, by whichever process starts first (the others wait on the lock and
 * find nothing to do), and a database that is not UTF-8 is reported (CJK text would be mangled).
 */
export async function prepareDatabase(log: (line: string) => void): Promise<void> {
  const { database } = config();
  if (database.kind !== "postgresql") return;
  await reportPostgresEncoding(database.url, log);
  const { applied } = await migratePostgres(database.url);
  if (applied.length > 0) log(`PostgreSQL: applied ${applied.length} migration(s): ${applied.join(", ")}`);
}
