import path from "node:path";

// Kept free of other imports: prisma.config.ts and the setup scripts load it before dependencies are generated.

/** The data folder: SQLite file plus captured files. `KURA_DATA_DIR` overrides the default `./data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.KURA_DATA_DIR?.trim() || "data");
}

export function databaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), "kura.db");
}

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `file:${databaseFile(env)}`;
}
