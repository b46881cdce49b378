import { addEntries } from "@/lib/library/entries";
import { getApiEntriesByUrl, listEntriesPage } from "@/lib/library/api-entries";
import { addEntriesBodySchema, listEntriesQuerySchema, listQueryInput } from "@/lib/validation/api";
import { handle, parseOr422, readBody, requireApiUser } from "../_http/respond";

export const GET = handle(async (request) => {
  await requireApiUser(request, "viewer");
  const query = parseOr422(listEntriesQuerySchema, listQueryInput(new URL(request.url).searchParams));
  return Response.json(await listEntriesPage(query));
});

export const POST = handle(async (request) => {
  await requireApiUser(request, "editor");
  const body = await readBody(request, addEntriesBodySchema);
  const results = await addEntries(body);
  const urls = await getApiEntriesByUrl(body.urls);
  const byId = new Map([...urls].map(([url, id]) => [id, url]));
  const entries = results.map((r) => ({ id: r.linkId, url: byId.get(r.linkId) ?? "", created: r.created }));
  return Response.json({ entries }, { status: results.some((r) => r.created) ? 201 : 200 });
});
