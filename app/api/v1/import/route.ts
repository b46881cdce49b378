import { importFile, reportWithKeys, UnknownImportFormat } from "@/lib/library/import";
import { importJsonBodySchema, importQuerySchema, MAX_IMPORT_BYTES } from "@/lib/validation/import";
import { apiError, handle, parseOr422, requireApiUser } from "../_http/respond";

// POST /api/v1/import: one export file, as the raw body (any content type but JSON and multipart), a multipart
// "file" field, or base64 in JSON ({"file", "capture"}) — the form the web app sends with its session cookie.

const tooLarge = () => apiError(413, `Import files are limited to ${MAX_IMPORT_BYTES} bytes.`);

async function fileOf(request: Request, mediaType: string): Promise<{ bytes: Uint8Array; capture?: boolean } | Response> {
  if (mediaType === "application/json") {
    let raw: unknown;
    try {
      raw = JSON.parse(await request.text());
    } catch {
      return apiError(400, "The body is not valid JSON.");
    }
    return parseOr422(importJsonBodySchema, raw);
  }
  if (mediaType === "multipart/form-data") {
    const file = (await request.formData()).get("file");
    if (!(file instanceof Blob)) return apiError(422, "The input was refused; see fields.", { file: "Send the export as the multipart field “file”." });
    return { bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  return { bytes: new Uint8Array(await request.arrayBuffer()) };
}

export const POST = handle(async (request) => {
  await requireApiUser(request, "editor");
  const query = parseOr422(importQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  // Base64 in JSON is a third larger than the file.
  if (Number(request.headers.get("content-length") ?? 0) > (MAX_IMPORT_BYTES * 4) / 3 + 1024) return tooLarge();
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const file = await fileOf(request, mediaType);
  if (file instanceof Response) return file;
  if (file.bytes.byteLength > MAX_IMPORT_BYTES) return tooLarge();
  if (file.bytes.byteLength === 0) return apiError(422, "The input was refused; see fields.", { file: "The file is empty." });
  try {
    const report = await importFile(file.bytes, { capture: file.capture ?? query.capture });
    return Response.json(reportWithKeys(report), { status: report.imported > 0 ? 201 : 200 });
  } catch (error) {
    if (error instanceof UnknownImportFormat) return apiError(422, error.message, { file: error.message });
    throw error;
  }
});
