import { exportEntries } from "./entries";
import { jsonFile } from "./json";
import { netscapeFile } from "./netscape";
import { exportIds, type ExportScope } from "./select";

export { exportCount, isWholeLibrary, type ExportScope } from "./select";
export type { ExportEntry } from "./entries";

export const EXPORT_FORMATS = ["netscape", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type LibraryExport = {
  fileName: string;
  contentType: string;
  count: number;
  /** The file, piece by piece (a batch of entries at a time). */
  chunks: AsyncGenerator<string>;
};

/** The library (or a search of it) as a bookmark file or JSON, ready to stream. */
export async function exportLibrary(format: ExportFormat, scope: ExportScope, now = new Date()): Promise<LibraryExport> {
  const ids = await exportIds(scope);
  const entries = exportEntries(ids);
  const day = now.toISOString().slice(0, 10);
  if (format === "netscape") {
    return { fileName: `kura-bookmarks-${day}.html`, contentType: "text/html; charset=utf-8", count: ids.length, chunks: netscapeFile(entries) };
  }
  return {
    fileName: `kura-export-${day}.json`,
    contentType: "application/json; charset=utf-8",
    count: ids.length,
    chunks: jsonFile(entries, { scope, count: ids.length, exportedAt: now }),
  };
}

/** Collects an export into one string (tests, small exports); the route streams `chunks` instead. */
export async function exportToString(format: ExportFormat, scope: ExportScope): Promise<string> {
  let out = "";
  for await (const chunk of (await exportLibrary(format, scope)).chunks) out += chunk;
  return out;
}
