import { deleteTag, renameTag } from "@/lib/library/api-entries";
import { renameTagBodySchema, tagPathSchema } from "@/lib/validation/api";
import { apiError, handle, notFound, parseOr422, readBody, requireApiUser } from "../../_http/respond";

type Params = { id: string };
const NO_TAG = "There is no tag with this id.";

export const PATCH = handle<Params>(async (request, { params }) => {
  await requireApiUser(request, "editor");
  const { id } = parseOr422(tagPathSchema, await params, 404);
  const { name } = await readBody(request, renameTagBodySchema);
  const tag = await renameTag(id, name);
  if (tag === "not-found") return notFound(NO_TAG);
  if (tag === "conflict") return apiError(409, `There is already a tag named “${name}”: delete one of the two first.`, { name: "Taken by another tag." });
  return Response.json({ tag });
});

export const DELETE = handle<Params>(async (request, { params }) => {
  await requireApiUser(request, "editor");
  const { id } = parseOr422(tagPathSchema, await params, 404);
  return (await deleteTag(id)) ? new Response(null, { status: 204 }) : notFound(NO_TAG);
});
