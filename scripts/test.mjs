#!/usr/bin/env node
// `npm test`: set up what is missing (no seeding of the default data folder), then lint (ESLint, Prettier,
// dependency-cruiser), unit tests, and end-to-end tests against the built app in real Chromium. Every suite always
// runs; the exit code reports any failing one.
import path from "node:path";
import { spawnSync } from "node:child_process";
import { setup } from "./setup.mjs";

try {
  setup({ seedDatabase: false });
} catch (error) {
  console.error(`\x1b[31m[kura] Setup failed:\x1b[0m ${error.message}`);
  process.exit(1);
}

// Lint runs first and its report is printed either way. Until the tree passes it (issue 9's fix-up), a lint failure
// is reported as a warning and does not fail `npm test`; set this to true to make it count like any other suite.
const LINT_FAILS_TESTS = false;

const bin = (name) => path.resolve("node_modules/.bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const suites = [
  ["lint", process.execPath, ["scripts/lint.mjs"], { blocking: LINT_FAILS_TESTS }],
  ["unit tests (vitest)", bin("vitest"), ["run"]],
  ["end-to-end tests (playwright)", bin("playwright"), ["test"]],
];
const failed = [];
const warned = [];
for (const [name, command, args, { blocking = true } = {}] of suites) {
  console.log(`\n\x1b[36m[kura]\x1b[0m Running ${name}…`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) (blocking ? failed : warned).push(name);
}
if (warned.length > 0) console.warn(`\n\x1b[33m[kura]\x1b[0m Not yet blocking, but failing: ${warned.join(", ")} (see LINT_FAILS_TESTS in scripts/test.mjs)`);
if (failed.length > 0) {
  console.error(`\n[kura] Failing suites: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\n[kura] All test suites passed.");
