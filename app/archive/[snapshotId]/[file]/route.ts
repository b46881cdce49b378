import { z } from "zod";
import { readSnapshotFile, SNAPSHOT_FILE_KINDS } from "@/lib/library/snapshot-files";
import { snapshotLinkId } from "@/lib/library/detail";
import { userOrStatus } from "@/lib/accounts/current-user";
import { sharedEntryId } from "@/lib/library/shares";

const paramsSchema = z.object({ snapshotId: z.coerce.number().int().positive(), file: z.enum(SNAPSHOT_FILE_KINDS) });
const plain = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** A viewer's own archive, or one entry opened through its public share link (`?share=<token>`). */
async function allowed(request: Request, snapshotId: number): Promise<true | Response> {
  const share = new URL(request.url).searchParams.get("share");
  if (share) {
    const linkId = await sharedEntryId(share);
    return linkId !== null && linkId === (await snapshotLinkId(snapshotId)) ? true : plain(404, "Not found");
  }
  const user = await userOrStatus("viewer");
  if (user === 401) return plain(401, "Sign in to see archived pages.");
  if (user === 403) return plain(403, "Not allowed.");
  return true;
}

export async function GET(request: Request, { params }: { params: Promise<{ snapshotId: string; file: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return plain(404, "Not found");
  const access = await allowed(request, parsed.data.snapshotId);
  if (access !== true) return access;
  const file = await readSnapshotFile(parsed.data.snapshotId, parsed.data.file);
  if (!file) return plain(404, "Not found");
  return new Response(new Uint8Array(file.body), { headers: file.headers });
}
