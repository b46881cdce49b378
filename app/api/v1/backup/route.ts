import { Readable } from "node:stream";
import { backupStream } from "@/lib/library/backup";
import { contentDisposition } from "@/lib/library/snapshot-files";
import { handle, requireApiUser } from "../_http/respond";

/** The full backup, streamed as it is written (admins only: it holds the whole library). */
export const GET = handle(async (request) => {
  await requireApiUser(request, "admin");
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(backupStream()) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/x-tar",
      "Content-Disposition": contentDisposition(`kura-backup-${day}.tar`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});
