import { z } from "zod";
import { readSnapshotFile, SNAPSHOT_FILE_KINDS } from "@/lib/archive/snapshot-files";

const paramsSchema = z.object({ snapshotId: z.coerce.number().int().positive(), file: z.enum(SNAPSHOT_FILE_KINDS) });

export async function GET(_request: Request, { params }: { params: Promise<{ snapshotId: string; file: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  const file = await readSnapshotFile(parsed.data.snapshotId, parsed.data.file);
  if (!file) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(new Uint8Array(file.body), { headers: file.headers });
}
