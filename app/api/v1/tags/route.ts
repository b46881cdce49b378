import { listApiTags } from "@/lib/library/api-entries";
import { handle, requireApiUser } from "../_http/respond";

export const GET = handle(async (request) => {
  await requireApiUser(request, "viewer");
  return Response.json({ tags: await listApiTags() });
});
