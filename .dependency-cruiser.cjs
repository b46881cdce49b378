// Kura's layering, checked by dependency-cruiser (`npm run lint`). Imports point down only:
//
//   app/                      pages, route handlers, server actions (thin: never Prisma, never Playwright)
//   lib/runtime               wires queue + capture job + config (the web server's worker, `npm run worker`)
//   lib/library, lib/accounts the domain (lib/library/capture-job runs a capture for the queue); lib/seed beside it
//   lib/queue, lib/capture,   mid floor: Job rows only / the capture engine only (no rows, no jobs) / search
//   lib/search
//   lib/security, lib/storage, lib/config, lib/db, lib/log    ground floor: used by everything, uses nothing above
//   lib/i18n, lib/validation  vocabulary usable from app/ and the domain; they import only the ground floor
//
// A module in a test file (`*.test.ts`), a test helper (`lib/**/testing.ts`, `lib/storage/testing-s3.ts`, `lib/db/testing-vitest.ts`) or e2e/ may import test helpers from
// any layer; nothing else may.

const DOMAIN = "^lib/(library|accounts|seed)/";
const MID = "^lib/(queue|capture|search)/";
const GROUND = "^lib/(security|storage|config|db|log)/";
const BESIDE = "^lib/(i18n|validation)/";
const TEST_HELPER = "(^e2e/|\\.test\\.tsx?$|(^|/)testing(-s3|-vitest)?\\.ts$)";
const PRISMA = ["^lib/generated/", "^node_modules/(@prisma|\\.prisma|prisma)/"];
const PLAYWRIGHT = "^node_modules/(playwright-core|playwright|@playwright)/";

/** A layering rule: `from` must not import `to`. Test helpers are exempt as targets (see the rule below). */
function layer(name, comment, from, to) {
  return { name, comment, severity: "error", from: { path: from }, to: { path: to, pathNot: TEST_HELPER } };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Import cycle: two modules that need each other are one module, or one of them holds a piece that belongs lower. Move the shared piece down.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "server-bundle-not-to-migrations",
      comment:
        "The Next server's bundle (instrumentation.ts, app/, proxy.ts) must not load lib/db/postgres-migrate.ts: it finds its folder by import.meta.dirname, which the bundle does not have, and the whole server then fails to start. Migrating is the workers', the restore's and npm start's (lib/db/prepare.ts).",
      severity: "error",
      from: { path: "^(instrumentation\\.ts|proxy\\.ts|app/)" },
      to: { path: "^lib/db/postgres-migrate\\.ts$", reachable: true },
    },
    {
      name: "lib-not-to-app",
      comment: "lib/ must not import app/: the app is the top layer. Move what both need into lib/ (domain or lib/validation).",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
    // No exception for lib/db/vocabulary.ts, pure as it is: it also holds query conditions (NOT_SEEDED) that belong to
    // the domain. The words app/ shows and compares (statuses, stages, job states, isSeeded) come through
    // lib/library/vocabulary.ts, a re-export, so this rule stays one line: app/ never imports lib/db.
    layer(
      "app-not-to-db",
      "app/ stays thin: it calls a domain function (lib/library, lib/accounts) and never touches the database or Prisma types. Add the query to the domain; stored words (statuses, stages) come from lib/library/vocabulary.ts.",
      "^app/",
      ["^lib/db/", ...PRISMA],
    ),
    layer(
      "app-not-to-playwright",
      "app/ never drives the browser: captures go through the domain (lib/library/capture-job) and the queue.",
      "^app/",
      PLAYWRIGHT,
    ),
    layer(
      "app-through-the-domain",
      "app/ calls the domain (lib/library, lib/accounts), not the queue or the capture engine directly; stored capture facts (metadata, original-file info) are read by the domain's stored-facts module.",
      "^app/",
      "^lib/(queue|capture)/",
    ),
    layer(
      "queue-not-to-domain-or-engine",
      "lib/queue owns Job rows only and runs the handler it is given: it must not import the domain (lib/library, lib/accounts) or the capture engine. Pass the handler in (lib/runtime wires it).",
      "^lib/queue/",
      "^lib/(library|accounts|capture|seed)/",
    ),
    layer(
      "capture-is-engine-only",
      "lib/capture is the engine (browser, network, page, snapshot, originals): no Job rows, no Snapshot rows, no accounts. Take values as parameters and return results; the capture job stores them.",
      "^lib/capture/",
      ["^lib/(queue|library|accounts|db|seed)/", ...PRISMA],
    ),
    layer(
      "search-not-to-domain",
      "lib/search is below the domain: it must not import lib/library, lib/accounts or app/. The domain calls search, not the other way round.",
      "^lib/search/",
      DOMAIN,
    ),
    layer(
      "ground-floor-imports-nothing-above",
      "Ground floor (lib/security, lib/storage, lib/config, lib/db, lib/log) is used by everything and uses nothing above it. Take the value as a parameter instead of importing the layer that has it.",
      GROUND,
      `(${DOMAIN}|${MID}|${BESIDE}|^lib/runtime/)`,
    ),
    layer(
      "vocabulary-imports-only-ground-floor",
      "lib/i18n and lib/validation are used by app/ and the domain, so they must not import them (nor the queue or the engine). Move the shared type or constant down into the vocabulary module.",
      BESIDE,
      `(${DOMAIN}|${MID}|^lib/runtime/)`,
    ),
    layer(
      "runtime-is-the-top-of-lib",
      "lib/runtime wires the queue, the capture job and config together; nothing in lib/ imports it (only app/, instrumentation and scripts start it).",
      "^lib/(?!runtime/)",
      "^lib/runtime/",
    ),
    {
      name: "test-helpers-only-in-tests",
      // bench/ may: a benchmark builds scratch databases the way tests do, and never runs in production.
      comment: "Test helpers (e2e/, *.test.ts, lib/**/testing.ts) are for tests and benchmarks: production code must not import them.",
      severity: "error",
      from: { path: "^(app|lib|scripts)/", pathNot: TEST_HELPER },
      to: { path: TEST_HELPER },
    },
    {
      name: "not-to-unresolvable",
      comment: "This import does not resolve to a file or an installed package (a typo, a moved file, or a package missing from package.json).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "not-to-dev-dep-from-production",
      comment:
        "Production code (app/, lib/ outside tests) imports a devDependency: it is missing after `npm ci --omit=dev`. Move the package to dependencies or the import into a test.",
      severity: "error",
      from: { path: "^(app|lib)/", pathNot: TEST_HELPER },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"], pathNot: "^node_modules/@types/" },
    },
  ],
  options: {
    // Follow our code, stop at packages and at the generated Prisma client (an import *into* them is still seen).
    doNotFollow: { path: ["node_modules", "^lib/generated/"] },
    exclude: { path: ["^\\.next/", "^\\.kura/", "^data/", "^bench/corpus/", "^e2e/fixtures/hostile/"] },
    // Type-only imports are dependencies too: a type from a layer above still ties the layers together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
