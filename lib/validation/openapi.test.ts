import fs from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { addEntriesBodySchema, decodeCursor, editEntryBodySchema, encodeCursor, listEntriesQuerySchema, listQueryInput } from "./api";
import { openApiDocument } from "./openapi";

const V1 = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Each route.ts under app/api/v1 as an OpenAPI path template ([id] → {id}) with the methods it exports. */
function routesOnDisk(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith("_")) walk(full);
      else if (entry.name === "route.ts") {
        const route = "/api/v1/" + path.relative(V1, dir).replace(/\[(\w+)\]/g, "{$1}");
        const methods = [...fs.readFileSync(full, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)];
        for (const m of methods) out.push(`${m[1]!.toLowerCase()} ${route.replace(/\/$/, "")}`);
      }
    }
  };
  walk(V1);
  return out.sort();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(openApiDocument("http://127.0.0.1:3000")) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("lists exactly the operations the route handlers under app/api/v1 export", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(routesOnDisk());
  });
});

describe("API input", () => {
  it("cursor pagination: a cursor round-trips, a made-up one is refused, limit is bounded", () => {
    expect(decodeCursor(encodeCursor(48))).toBe(48);
    expect(decodeCursor("nonsense")).toBeNull();
    expect(decodeCursor(Buffer.from('{"o":-1}').toString("base64url"))).toBeNull();
    const page = listEntriesQuerySchema.parse(listQueryInput(new URLSearchParams(`tag=a&tag=b&limit=10&cursor=${encodeCursor(10)}`)));
    expect(page).toMatchObject({ tag: ["a", "b"], limit: 10, cursor: 10 });
    expect(listEntriesQuerySchema.parse({}).limit).toBe(24);
    expect(listEntriesQuerySchema.safeParse({ limit: "101" }).success).toBe(false);
    expect(listEntriesQuerySchema.safeParse({ limit: "0" }).success).toBe(false);
    expect(listEntriesQuerySchema.safeParse({ cursor: "xyz" }).success).toBe(false);
  });

  it("adding: URLs are normalized and deduplicated, tags collapse case-insensitively, bad ones are refused", () => {
    expect(addEntriesBodySchema.parse({ urls: ["example.com/a", "https://EXAMPLE.com/a#x"], tags: ["Docker", "docker", "net"] })).toEqual({
      urls: ["https://example.com/a"],
      tags: ["Docker", "net"],
    });
    expect(addEntriesBodySchema.safeParse({ urls: [] }).success).toBe(false);
    expect(addEntriesBodySchema.safeParse({ urls: ["ftp://example.com"] }).success).toBe(false);
    expect(addEntriesBodySchema.safeParse({ urls: ["https://example.com"], tags: ["a,b"] }).success).toBe(false);
    expect(addEntriesBodySchema.safeParse({ urls: ["https://example.com"], extra: 1 }).success).toBe(false);
  });

  it("editing: any one field is enough, none is refused, null clears", () => {
    expect(editEntryBodySchema.parse({ title: null })).toEqual({ title: null });
    expect(editEntryBodySchema.parse({ tags: [] })).toEqual({ tags: [] });
    expect(editEntryBodySchema.safeParse({}).success).toBe(false);
    expect(editEntryBodySchema.safeParse({ title: "x".repeat(501) }).success).toBe(false);
  });
});
