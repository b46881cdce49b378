import { z } from "zod";
import type { OriginalInfo } from "@/lib/capture/originals/types";

// What process-snapshot stores in Snapshot.metadataJson for a kept file; read back defensively (old or hand-edited rows).
const originalInfoSchema = z.object({
  kind: z.enum(["pdf", "image", "download"]),
  fileName: z.string(),
  pages: z.number().int().nonnegative().optional(),
  title: z.string().optional(),
  author: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  problem: z.enum(["encrypted", "damaged", "unreadableImage"]).optional(),
});

/** The kept file's facts (kind, name, pages, …) when the snapshot is a PDF, image or download; null for a rendered page. */
export function originalInfoOf(snapshot: { originalPath: string | null; metadataJson: string | null } | null | undefined): OriginalInfo | null {
  if (!snapshot?.originalPath || !snapshot.metadataJson) return null;
  try {
    const parsed = originalInfoSchema.safeParse(JSON.parse(snapshot.metadataJson));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
