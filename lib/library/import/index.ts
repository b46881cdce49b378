// Import from other bookmark tools: parse a file (parse.ts), write it in batches (importer.ts).
export { importFile, importItems, reportJson, reportWithKeys, IMPORT_BATCH_SIZE, type ImportOptions, type ImportReport } from "./importer";
export { parseImportFile, UnknownImportFormat, type ParsedImport } from "./parse";
export type { ImportFormat, ImportItem, Reject, RejectReason } from "./types";
