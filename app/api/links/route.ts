import { z } from "@/lib/validation/zod";
import { apiUserOrStatus } from "@/lib/accounts/current-user";
import { addEntries } from "@/lib/library/entries";
import { LibrarySearch, listEntries } from "@/lib/library/search";
import { validationTranslator } from "@/lib/i18n/translator";
import { fieldErrors, pasteSchema } from "@/lib/validation/forms";

// A small JSON API for scripts and the bookmarklet, authenticated with `Authorization: Bearer <API token>`.

const MAX_BODY_BYTES = 64 * 1024;
// Scripts read the API: its messages stay in one language (English), like its error codes.
const API_LANGUAGE = validationTranslator("en");
const json = (status: number, body: unknown) => Response.json(body, { status });
const denied = (status: 401 | 403) =>
  json(status, {
    error:
      status === 401
        ? "Authentication required."
        : "Your role does not allow this, or the request did not come from this site (cookie-authenticated writes must send JSON from this origin).",
  });

export async function GET(request: Request) {
  const user = await apiUserOrStatus(request, "viewer");
  if (typeof user === "number") return denied(user);
  const page = await listEntries(LibrarySearch.from(new URL(request.url).searchParams));
  return json(200, {
    total: page.total,
    totalCapped: page.capped,
    page: page.page,
    pageCount: page.pageCount,
    links: page.entries.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      tags: e.tags.map(({ tag }) => tag.name),
      status: e.snapshots[0]?.status ?? null,
      snippet: page.snippets[e.id] ?? null,
      createdAt: e.createdAt,
    })),
  });
}

const bodySchema = z.object({ url: z.string(), tags: z.union([z.string(), z.array(z.string())]).optional() });

export async function POST(request: Request) {
  const user = await apiUserOrStatus(request, "editor");
  if (typeof user === "number") return denied(user);
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return json(413, { error: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` });
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return json(413, { error: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return json(400, { error: 'The body must be JSON: {"url": "https://…", "tags": "a, b"}.' });
  }
  const shape = bodySchema.safeParse(raw);
  if (!shape.success) return json(400, { error: 'The body must be JSON: {"url": "https://…", "tags": "a, b"}.' });
  const tags = Array.isArray(shape.data.tags) ? shape.data.tags.join(",") : (shape.data.tags ?? "");
  const parsed = pasteSchema.safeParse({ url: shape.data.url, tags });
  if (!parsed.success) return json(400, { error: "Invalid input.", fields: fieldErrors(parsed.error, API_LANGUAGE) });
  const results = await addEntries(parsed.data);
  return json(results.some((r) => r.created) ? 201 : 200, { links: results.map((r) => ({ id: r.linkId, created: r.created })) });
}
