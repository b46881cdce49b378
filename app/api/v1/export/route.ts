import { exportLibrary } from "@/lib/library/export";
import { contentDisposition } from "@/lib/library/snapshot-files";
import { exportQuerySchema, listQueryInput } from "@/lib/validation/api";
import { handle, parseOr422, requireApiUser } from "../_http/respond";

/** The export as an attachment, streamed a batch of entries at a time (never the whole library in one string). */
export const GET = handle(async (request) => {
  await requireApiUser(request, "viewer");
  const query = parseOr422(exportQuerySchema, listQueryInput(new URL(request.url).searchParams));
  const file = await exportLibrary(query.format, { q: query.q, tags: query.tag, status: query.status, type: query.type });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await file.chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await file.chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": contentDisposition(file.fileName),
      // The bookmark file is HTML holding the library's texts: never rendered in the app's origin.
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "X-Kura-Entries": String(file.count),
    },
  });
});
