// ESLint 9 flat config: Next's rules (core web vitals + TypeScript), JS recommended, a few type-aware promise rules,
// and the "never swallow an error silently" rule. Formatting is Prettier's job (eslint-config-prettier goes last).
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import tseslint from "typescript-eslint";

const SILENT_CATCH_HELP = "name the best-effort call and log why it may fail: bestEffort()/bestEffortSync() from lib/log/best-effort.ts";

export default defineConfig([
  globalIgnores(["lib/generated/**", ".next/**", "node_modules/**", ".kura/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  globalIgnores(["bench/corpus/**", "e2e/fixtures/hostile/**"], "Pages the captures load: their code is input, not ours"),

  { name: "kura/js-recommended", files: ["**/*.{js,mjs,cjs,ts,tsx}"], ...js.configs.recommended },
  ...nextVitals,
  ...nextTs,
  { name: "kura/commonjs-configs", files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } } },

  // Type-aware: typescript-eslint's recommendedTypeChecked on our TypeScript. It needs the Prisma client generated
  // (`npm run lint` does that first; without it every query is `any` and no-unsafe-* reports ~1,350 false hits).
  // Measured CPU time for the whole tree on this 2-core machine (under load): ~15 s untyped, ~30 s with only the
  // promise rules typed, ~43 s with the whole set; the whole set is worth it: no-floating-promises/no-misused-promises
  // (the unawaited call whose rejection nobody sees), no-base-to-string (`String(form.get(…))` on a File), no-unsafe-*.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ["**/*.{ts,tsx}"] })),
  {
    name: "kura/type-aware",
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Server actions as <form action={…}> return promises by design.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // An async function that satisfies an async interface (a DNS lookup stub, Prisma's adapter factory) needs no await.
      "@typescript-eslint/require-await": "off",
    },
  },

  {
    name: "kura/no-silent-errors",
    files: ["**/*.{js,mjs,cjs,ts,tsx}"],
    rules: {
      // Empty catch blocks are reported by the selector below, comment or not (a comment explains, it does not log).
      "no-empty": ["error", { allowEmptyCatch: true }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CatchClause > BlockStatement.body[body.length=0]",
          message: `Empty catch block swallows the error: ${SILENT_CATCH_HELP}.`,
        },
        {
          selector: "CallExpression[callee.property.name='catch'][arguments.length=1] > :matches(ArrowFunctionExpression, FunctionExpression)[params.length=0]",
          message: `This .catch handler ignores its error (e.g. \`.catch(() => undefined)\`): ${SILENT_CATCH_HELP}.`,
        },
      ],
    },
  },

  {
    // Schemas the browser may build must be jitless (no `new Function` probe under the app's CSP): see
    // lib/validation/zod.ts. Config and capture code runs on the server only.
    name: "kura/zod-through-validation",
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/validation/zod.ts", "lib/config/**", "lib/capture/**", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "zod", message: 'import { z } from "@/lib/validation/zod" (jitless in the browser, see there).', allowTypeImports: true }] },
      ],
    },
  },

  {
    name: "kura/unused",
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },

  {
    // React's hook rules read every `use…` call as a hook; outside components `use` is Playwright's fixture callback
    // and `useTempDataDir` a Vitest helper.
    name: "kura/hooks-only-in-react",
    files: ["lib/**/*.ts", "e2e/**", "scripts/**", "bench/**", "prisma/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Playwright fixtures that use no other fixture are declared `async ({}, use) => …`.
    name: "kura/playwright-fixtures",
    files: ["e2e/**"],
    rules: { "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }] },
  },

  prettier,
]);
