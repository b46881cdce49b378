import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues, CLIENT_NAMESPACES, clientMessages } from "./catalogues";

// The root layout gives client components only CLIENT_NAMESPACES: a client component translating with another
// namespace would show its keys instead of text, and only in the browser. This walks every module a "use client"
// file reaches through its imports (as the bundler does; server actions are references, not code) and lists the
// namespaces they name: `useTranslations("ns")`, and the keys ("ns.key") of modules that translate with the root.

const ROOT = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") sourceFiles(file, out);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.includes(".test.")) out.push(file);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null;
}

const directive = (source: string, name: string) => new RegExp(`^["']${name}["']`).test(source.trimStart());

function clientModules(): string[] {
  const files = [...sourceFiles(path.join(ROOT, "app")), ...sourceFiles(path.join(ROOT, "lib"))];
  const queue = files.filter((f) => directive(fs.readFileSync(f, "utf8"), "use client"));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    if (directive(source, "use server")) continue;
    for (const m of source.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+["']([^"']+)["']/gm)) {
      const target = resolveImport(file, m[1]!);
      if (target) queue.push(target);
    }
  }
  return [...seen];
}

function namespacesUsed(files: string[]): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const add = (ns: string, file: string) => used.set(ns, [...(used.get(ns) ?? []), path.relative(ROOT, file)]);
  const namespaces = new Set(Object.keys(catalogues.en));
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    for (const m of source.matchAll(/useTranslations\(\s*["'`](\w+)/g)) add(m[1]!, file);
    if (!/useTranslations\(\s*\)/.test(source)) continue;
    for (const m of source.matchAll(/["'`](\w+)\.\w/g)) if (namespaces.has(m[1]!)) add(m[1]!, file);
  }
  return used;
}

describe("client namespaces", () => {
  it("covers every namespace a client module translates with", () => {
    const used = namespacesUsed(clientModules());
    // The walk finds the library page's islands (a sanity check that it follows imports at all).
    expect([...used.keys()]).toEqual(expect.arrayContaining(["live", "status", "failure", "library"]));
    const missing = [...used].filter(([ns]) => !(CLIENT_NAMESPACES as readonly string[]).includes(ns));
    expect(missing, "namespaces client modules use but the root layout does not send").toEqual([]);
  });

  it("keeps only those namespaces", () => {
    const picked = clientMessages(catalogues.zh);
    expect(Object.keys(picked).sort()).toEqual([...CLIENT_NAMESPACES].sort());
    expect(picked.live).toBe(catalogues.zh.live);
  });
});
