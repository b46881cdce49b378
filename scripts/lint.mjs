#!/usr/bin/env node
// `npm run lint`: ESLint, Prettier (check only) and dependency-cruiser (the layering rules in .dependency-cruiser.cjs).
// All three always run, so one report shows everything; the exit code is non-zero when any of them fails.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
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
  { name: "prettier", command: bin("prettier"), args: ["--check", "--log-level", "warn", "."] },
  { name: "dependency-cruiser", command: bin("depcruise"), args: ["--config", ".dependency-cruiser.cjs", "--output-type", "err-long", ...CRUISED] },
];

function ensurePrismaClient() {
  const client = path.join(root, "lib", "generated", "prisma", "client.ts");
  const schema = path.join(root, "prisma", "schema.prisma");
  if (fs.existsSync(client) && fs.statSync(client).mtimeMs >= fs.statSync(schema).mtimeMs) return;
  console.log("\x1b[36m[kura]\x1b[0m Generating the Prisma client (ESLint's type-aware rules read its types)…");
  const result = spawnSync(bin("prisma"), ["generate"], { cwd: root, stdio: ["inherit", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`prisma generate failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

export function lint(tools = TOOLS) {
  const failed = [];
  for (const tool of tools) {
    console.log(`\n\x1b[36m[kura lint]\x1b[0m ${tool.name}…`);
    try {
      if (tool.needsPrismaClient) ensurePrismaClient();
    } catch (error) {
      console.error(`\x1b[31m[kura lint]\x1b[0m ${tool.name} could not start: ${error.message}`);
      failed.push(tool.name);
      continue;
    }
    const started = Date.now();
    const result = spawnSync(tool.command, tool.args, { cwd: root, stdio: "inherit" });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.status === 0) {
      console.log(`\x1b[32m[kura lint]\x1b[0m ${tool.name} passed (${seconds} s)`);
    } else {
      const reason = result.error ? result.error.message : `exit code ${result.status}`;
      console.error(`\x1b[31m[kura lint]\x1b[0m ${tool.name} failed (${reason}, ${seconds} s)`);
      failed.push(tool.name);
    }
  }
  if (failed.length > 0) console.error(`\n[kura lint] Failing: ${failed.join(", ")}`);
  else console.log("\n[kura lint] All checks passed.");
  return failed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const tools = only.length > 0 ? TOOLS.filter((tool) => only.includes(tool.name)) : TOOLS;
  if (tools.length === 0) {
    console.error(`Usage: node scripts/lint.mjs [${TOOLS.map((tool) => tool.name).join("|")} …]`);
    process.exit(2);
  }
  process.exit(lint(tools).length > 0 ? 1 : 0);
}
