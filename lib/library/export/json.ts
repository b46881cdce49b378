import type { ExportEntry } from "./entries";
import type { ExportScope } from "./select";

// The JSON export: one object, `entries` written one per line as they are read, so it streams and stays valid JSON.

export const JSON_EXPORT_FORMAT = "kura-export";
export const JSON_EXPORT_VERSION = 1;

export async function* jsonFile(entries: AsyncIterable<ExportEntry>, info: { scope: ExportScope; count: number; exportedAt: Date }): AsyncGenerator<string> {
  const head = {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    exportedAt: info.exportedAt.toISOString(),
    query: { q: info.scope.q ?? null, tags: info.scope.tags },
    count: info.count,
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[\n`;
  let first = true;
  for await (const entry of entries) {
    yield `${first ? "" : ",\n"}${JSON.stringify(entry)}`;
    first = false;
  }
  yield "\n]}\n";
}
