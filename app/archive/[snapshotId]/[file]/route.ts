import { getLocale, getTranslations } from "next-intl/server";
import { z } from "@/lib/validation/zod";
import { serveSnapshotFile, SNAPSHOT_FILE_KINDS } from "@/lib/library/snapshot-files";
import { snapshotLinkId } from "@/lib/library/detail";
import { userOrStatus } from "@/lib/accounts/current-user";
import { sharedEntryId } from "@/lib/library/shares";

const paramsSchema = z.object({ snapshotId: z.coerce.number().int().positive(), file: z.enum(SNAPSHOT_FILE_KINDS) });
type Reply = "notFound" | "signIn" | "forbidden" | "busy";

/**
 * A refusal as one line of text in the reader's language (the request's locale, as on the pages): someone opening a
 * file's address by hand reads it; an <img> or a frame shows nothing either way.
 */
async function plain(status: number, reply: Reply, headers: Record<string, string> = {}): Promise<Response> {
  const [t, locale] = await Promise.all([getTranslations("archive"), getLocale()]);
  return new Response(t(reply), { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Language": locale, ...headers } });
}

/**
 * A viewer's own archive, or one entry opened through its public share link (`?share=<token>`). The answer names the
 * client whose parallel reads are counted: the account, or the share link for its anonymous readers (an address would
 * be a forwarded header anyone can vary).
 */
async function allowed(request: Request, snapshotId: number): Promise<{ client: string } | Response> {
  const share = new URL(request.url).searchParams.get("share");
  if (share) {
    const linkId = await sharedEntryId(share);
    return linkId !== null && linkId === (await snapshotLinkId(snapshotId)) ? { client: `share:${share}` } : plain(404, "notFound");
  }
  const user = await userOrStatus("viewer");
  if (user === 401) return plain(401, "signIn");
  if (user === 403) return plain(403, "forbidden");
  return { client: `user:${user.id}` };
}

export async function GET(request: Request, { params }: { params: Promise<{ snapshotId: string; file: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return plain(404, "notFound");
  const access = await allowed(request, parsed.data.snapshotId);
  if (access instanceof Response) return access;
  const file = await serveSnapshotFile(parsed.data.snapshotId, parsed.data.file, {
    range: request.headers.get("range"),
    client: access.client,
    signal: request.signal,
  });
  if (!file) return plain(404, "notFound");
  if (file.status === 429) return plain(429, "busy", file.headers);
  return new Response(file.body, { status: file.status, headers: file.headers });
}
