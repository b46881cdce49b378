import { deleteEntry } from "@/lib/library/entries";
import { editEntry, getApiEntry } from "@/lib/library/api-entries";
import { editEntryBodySchema, entryPathSchema } from "@/lib/validation/api";
import { handle, notFound, parseOr422, readBody, requireApiUser } from "../../_http/respond";

type Params = { id: string };
const NO_ENTRY = "There is no entry with this id.";

export const GET = handle<Params>(async (request, { params }) => {
  await requireApiUser(request, "viewer");
  const { id } = parseOr422(entryPathSchema, await params, 404);
  const entry = await getApiEntry(id);
  return entry ? Response.json({ entry }) : notFound(NO_ENTRY);
});

export const PATCH = handle<Params>(async (request, { params }) => {
  await requireApiUser(request, "editor");
  const { id } = parseOr422(entryPathSchema, await params, 404);
  const edit = await readBody(request, editEntryBodySchema);
  const entry = await editEntry(id, edit);
  return entry ? Response.json({ entry }) : notFound(NO_ENTRY);
});

export const DELETE = handle<Params>(async (request, { params }) => {
  await requireApiUser(request, "editor");
  const { id } = parseOr422(entryPathSchema, await params, 404);
  return (await deleteEntry(id)) ? new Response(null, { status: 204 }) : notFound(NO_ENTRY);
});
