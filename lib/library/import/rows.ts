import type { z } from "zod";
import { reason, type ImportItem, type ParsedRows } from "./types";

// The JSON formats' shared loop: each row through its schema on its own, so a malformed row is reported and the
// rest of the file still imports.

export function readRows<S extends z.ZodType>(
  rows: unknown[],
  schema: S,
  toItem: (row: z.output<S>) => ImportItem | { reject: string; key: string },
): ParsedRows {
  const out: ParsedRows = { items: [], rejects: [] };
  for (const [index, raw] of rows.entries()) {
    const row = schema.safeParse(raw);
    if (!row.success) {
      out.rejects.push({ item: describe(raw, index), reason: reason("import.reasons.badRow") });
      continue;
    }
    const item = toItem(row.data);
    if ("reject" in item) out.rejects.push({ item: item.reject, reason: reason(item.key) });
    else out.items.push(item);
  }
  return out;
}

function describe(raw: unknown, index: number): string {
  if (raw && typeof raw === "object") {
    const { url, title, name } = raw as Record<string, unknown>;
    for (const value of [url, title, name]) if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return `#${index + 1}`;
}
