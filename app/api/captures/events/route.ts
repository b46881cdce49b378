import { userOrStatus } from "@/lib/auth/current";
import { captureEventStream, parseCursor, parseLinkFilter } from "@/lib/links/capture-events";

// Live capture progress for signed-in users, as server-sent events (see lib/links/capture-events.ts).

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const user = await userOrStatus("viewer");
  if (typeof user === "number") return new Response(null, { status: user });
  const params = new URL(request.url).searchParams;
  const filter = parseLinkFilter(params.get("links"));
  if ("error" in filter) return Response.json({ error: filter.error }, { status: 400 });
  // A reconnecting EventSource sends the id of the last event it saw; a first connection, the page's render time.
  const since = parseCursor(request.headers.get("last-event-id")) ?? parseCursor(params.get("since"));
  return new Response(captureEventStream({ since, linkIds: filter.ids, signal: request.signal }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: keeps the response out of compression, which would hold events back.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
