import path from "node:path";

/** Environment variables as read by the config (process.env, or a plain object in tests and tools). */
export type Env = Record<string, string | undefined>;

// Kept free of other imports: prisma.config.ts and the setup scripts load it before dependencies are generated.

/** The data folder: SQLite file plus captured files. `KURA_DATA_DIR` overrides the default `./data`. */
export function dataDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.KURA_DATA_DIR?.trim() || "data");
}

export function databaseFile(env: Env = process.env): string {
  return path.join(dataDir(env), "kura.db");
}

export function databaseUrl(env: Env = process.env): string {
  return `file:${databaseFile(env)}`;
}
