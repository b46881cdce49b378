import { readSnapshotFile } from "@/lib/library/snapshot-files";
import { snapshotFilePathSchema } from "@/lib/validation/api";
import { handle, notFound, parseOr422, requireApiUser } from "../../../../_http/respond";

/** Streams the stored file with the archive route's headers (sandboxed HTML, attachment for originals). */
export const GET = handle<{ id: string; kind: string }>(async (request, { params }) => {
  await requireApiUser(request, "viewer");
  const { id, kind } = parseOr422(snapshotFilePathSchema, await params, 404);
  const file = await readSnapshotFile(id, kind);
  return file ? new Response(new Uint8Array(file.body), { headers: file.headers }) : notFound("This snapshot has no such file.");
});
