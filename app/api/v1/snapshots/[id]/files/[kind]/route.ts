import { serveSnapshotFile } from "@/lib/library/snapshot-files";
import { snapshotFilePathSchema } from "@/lib/validation/api";
import { apiError, handle, notFound, parseOr422, requireApiUser } from "../../../../_http/respond";

/** Streams the stored file with the archive route's headers (sandboxed HTML, attachment for originals), Range included. */
export const GET = handle<{ id: string; kind: string }>(async (request, { params }) => {
  const user = await requireApiUser(request, "viewer");
  const { id, kind } = parseOr422(snapshotFilePathSchema, await params, 404);
  const file = await serveSnapshotFile(id, kind, { range: request.headers.get("range"), client: `user:${user.id}`, signal: request.signal });
  if (!file) return notFound("This snapshot has no such file.");
  if (file.status === 429) {
    const refused = apiError(429, "Too many downloads at once; try again in a moment.");
    refused.headers.set("Retry-After", file.headers["Retry-After"]!);
    return refused;
  }
  return new Response(file.body, { status: file.status, headers: file.headers });
});
