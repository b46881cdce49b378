import { recaptureEntry } from "@/lib/library/entries";
import { entryPathSchema } from "@/lib/validation/api";
import { handle, notFound, parseOr422, requireApiUser } from "../../../_http/respond";

/** Queues a new snapshot (or answers the one already queued); older snapshots stay. */
export const POST = handle<{ id: string }>(async (request, { params }) => {
  await requireApiUser(request, "editor");
  const { id } = parseOr422(entryPathSchema, await params, 404);
  const snapshotId = await recaptureEntry(id);
  return snapshotId ? Response.json({ snapshotId }, { status: 202 }) : notFound("There is no entry with this id.");
});
