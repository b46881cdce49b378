// A real, throw-away PostgreSQL server for tests and benches: Debian's `postgresql` binaries, a cluster in a temp
// folder, listening on a free loopback port, gone after `stop()`. No mocks: the queue and schema tests run on it.
// Kept free of imports that read the configuration (like lib/db/testing.ts).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type PostgresServer = {
  port: number;
  /** A new, empty database on the server (UTF-8 unless `encoding` says otherwise): its URL. */
  createDatabase(name: string, options?: { encoding?: string; locale?: string }): Promise<string>;
  stop(): Promise<void>;
};

/** The newest installed server's binaries (Debian keeps each major version apart). */
export function postgresBinaries(): string | null {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(base, newest, "bin") : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, the server's programs run as the `postgres` user Debian creates. */
function asServerUser(bin: string, args: string[]): { command: string; args: string[] } {
  return process.getuid?.() === 0 ? { command: "runuser", args: ["-u", "postgres", "--", bin, ...args] } : { command: bin, args };
}

function run(bin: string, args: string[]): void {
  const call = asServerUser(bin, args);
  const result = spawnSync(call.command, call.args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${result.stderr || result.error?.message || `exit ${result.status}`}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinaries();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian: apt-get install postgresql; `npm test` installs it as root).");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  // C.UTF-8: a UTF-8 ctype is what pg_trgm needs to see CJK characters as word characters.
  run(path.join(bin, "initdb"), ["-D", data, "-U", "kura", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  // fsync off: a test cluster is thrown away, durability costs only time here.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "start"]);
  const admin = `postgresql://kura@127.0.0.1:${port}/postgres`;
  return {
    port,
    async createDatabase(name, options = {}) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        const encoding = options.encoding ?? "UTF8";
        const locale = options.locale ?? "C.UTF-8";
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}" TEMPLATE template0 ENCODING '${encoding}' LC_COLLATE '${locale}' LC_CTYPE '${locale}'`);
      } finally {
        await client.end();
      }
      return `postgresql://kura@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async stop() {
      run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
