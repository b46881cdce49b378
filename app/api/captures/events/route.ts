import { apiUserOrStatus } from "@/lib/accounts/current-user";
import { parseCursor, userCaptureEventStream, parseLinkFilter } from "@/lib/library/capture-events";
import { CURSOR_TRAIL_MS } from "@/lib/library/progress";

// Live capture progress for signed-in users, as server-sent events (see lib/library/capture-events.ts).

export const dynamic = "force-dynamic";

const tooMany = () =>
  Response.json({ error: "Too many live-progress streams open; close a tab or try again shortly." }, { status: 429, headers: { "Retry-After": "5" } });

export async function GET(request: Request) {
  // In production a burst past the cap never gets here: scripts/stream-gate.mjs turns it away in front of Next.js.
  const user = await apiUserOrStatus(request, "viewer");
  if (typeof user === "number") return new Response(null, { status: user });
  const params = new URL(request.url).searchParams;
  const filter = parseLinkFilter(params.get("links"));
  if ("error" in filter) return Response.json({ error: filter.error }, { status: 400 });
  // A reconnecting EventSource sends the id of the last event it saw (a cursor, already trailing); a first
  // connection sends the page's render time, which trails like any cursor so nothing committed meanwhile is missed.
  const rendered = parseCursor(params.get("since"));
  const since = parseCursor(request.headers.get("last-event-id")) ?? (rendered && new Date(rendered.getTime() - CURSOR_TRAIL_MS));
  const stream = userCaptureEventStream(user.id, { since, linkIds: filter.ids, signal: request.signal });
  if (!stream) return tooMany();
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: keeps the response out of compression, which would hold events back.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
