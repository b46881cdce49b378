import { config } from "@/lib/config";
import { reportPostgresEncoding } from "@/lib/db/postgres";
import { bestEffort } from "@/lib/log/best-effort";
import { searchIndex } from "@/lib/search";
import { startInProcessWorker } from "./in-process";

/**
 * What the web server does once at its start (instrumentation.ts): says when the PostgreSQL database is not UTF-8 —
 * a web tier started alone (`next start`) is otherwise never told, as only the workers, the restore and `npm start`
 * migrate and check —, bootstraps the search index (filled for rows that predate it) and starts the in-process
 * capture worker unless it is disabled. Not lib/db/prepare.ts: the migrations' runner finds its files by
 * import.meta.dirname, which the server's bundle does not have (the web tier does not migrate).
 */
export async function startWebTier(log: (line: string) => void = (line) => console.warn(`[kura] ${line}`)): Promise<void> {
  const { database } = config();
  if (database.kind === "postgresql") {
    await bestEffort(reportPostgresEncoding(database.url, log), "checking the PostgreSQL database's encoding (the server may not be reachable yet)", log);
  }
  await searchIndex().catchUp();
  await startInProcessWorker();
}
