#!/usr/bin/env node
// `npm run lint`: ESLint, Prettier (check only) and dependency-cruiser (the layering rules in .dependency-cruiser.cjs).
// All three always run, side by side (ESLint's type-aware pass is most of the time; the other two fit beside it),
// and each one's report is printed whole, in order; the exit code is non-zero when any of them fails.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

// What dependency-cruiser reads: our code and the root config files (not data, corpora or build output).
export const CRUISED = [
  "app",
  "lib",
  "e2e",
  "scripts",
  "bench",
  "prisma",
  "instrumentation.ts",
  "next.config.ts",
  "playwright.config.ts",
  "prisma.config.ts",
  "vitest.config.ts",
];

export const TOOLS = [
  // Type-aware rules need the generated Prisma client's types, or every query reads as `any`.
  { name: "eslint", command: bin("eslint"), args: ["."], needsPrismaClient: true },
  // --cache (node_modules/.cache/prettier): a file's formatting depends only on it and the config, so unchanged files
  // are skipped on the next run.
  // (ESLint's cache is left off: with type-aware rules a change in one file can change another file's result.)
  { name: "prettier", command: bin("prettier"), args: ["--check", "--cache", "--log-level", "warn", "."] },
  { name: "dependency-cruiser", command: bin("depcruise"), args: ["--config", ".dependency-cruiser.cjs", "--output-type", "err-long", ...CRUISED] },
];

function ensurePrismaClient() {
  // Both clients: lib/db/postgres.ts is type-checked against the PostgreSQL one.
  for (const [client, schema, args] of [
    ["lib/generated/prisma/client.ts", "prisma/schema.prisma", ["generate"]],
    ["lib/generated/prisma-pg/client.ts", "prisma/postgresql/schema.prisma", ["generate", "--config", "prisma/postgresql/prisma.config.ts"]],
  ]) {
    const [clientFile, schemaFile] = [path.join(root, client), path.join(root, schema)];
    if (fs.existsSync(clientFile) && fs.statSync(clientFile).mtimeMs >= fs.statSync(schemaFile).mtimeMs) continue;
    console.log(`\x1b[36m[kura]\x1b[0m Generating ${client} (ESLint's type-aware rules read its types)…`);
    const result = spawnSync(bin("prisma"), args, { cwd: root, stdio: ["inherit", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`prisma ${args.join(" ")} failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
}

/** Runs one tool with its output collected (stdout and stderr in the order they came), for printing in one piece. */
function run(tool) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    // Keep the tools' colours when the report goes to a terminal.
    const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
    const child = spawn(tool.command, tool.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    const finish = (reason) => resolve({ tool, output: Buffer.concat(output).toString(), reason, seconds: ((Date.now() - started) / 1000).toFixed(1) });
    child.on("error", (error) => finish(error.message));
    child.on("close", (code, signal) => finish(code === 0 ? null : signal ? `killed by ${signal}` : `exit code ${code}`));
  });
}

export async function lint(tools = TOOLS) {
  const started = Date.now();
  const failed = [];
  const runs = tools.map((tool) => {
    try {
      if (tool.needsPrismaClient) ensurePrismaClient();
    } catch (error) {
      return Promise.resolve({ tool, output: "", reason: `could not start: ${error.message}`, seconds: "0.0" });
    }
    return run(tool);
  });
  for (const result of await Promise.all(runs)) {
    console.log(`\n\x1b[36m[kura lint]\x1b[0m ${result.tool.name}`);
    if (result.output) process.stdout.write(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
    if (result.reason === null) {
      console.log(`\x1b[32m[kura lint]\x1b[0m ${result.tool.name} passed (${result.seconds} s)`);
    } else {
      console.error(`\x1b[31m[kura lint]\x1b[0m ${result.tool.name} failed (${result.reason}, ${result.seconds} s)`);
      failed.push(result.tool.name);
    }
  }
  const total = ((Date.now() - started) / 1000).toFixed(1);
  if (failed.length > 0) console.error(`\n[kura lint] Failing: ${failed.join(", ")} (${total} s)`);
  else console.log(`\n[kura lint] All checks passed (${total} s).`);
  return failed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const tools = only.length > 0 ? TOOLS.filter((tool) => only.includes(tool.name)) : TOOLS;
  if (tools.length === 0) {
    console.error(`Usage: node scripts/lint.mjs [${TOOLS.map((tool) => tool.name).join("|")} …]`);
    process.exit(2);
  }
  process.exitCode = (await lint(tools)).length > 0 ? 1 : 0;
}
