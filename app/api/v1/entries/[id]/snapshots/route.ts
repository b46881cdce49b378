import { listApiSnapshots } from "@/lib/library/api-entries";
import { entryPathSchema } from "@/lib/validation/api";
import { handle, notFound, parseOr422, requireApiUser } from "../../../_http/respond";

export const GET = handle<{ id: string }>(async (request, { params }) => {
  await requireApiUser(request, "viewer");
  const { id } = parseOr422(entryPathSchema, await params, 404);
  const snapshots = await listApiSnapshots(id);
  return snapshots ? Response.json({ snapshots }) : notFound("There is no entry with this id.");
});
