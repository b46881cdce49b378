import { z } from "zod";
import type { OriginalInfo } from "@/lib/capture/original";

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

/** The kept file's facts (kind, name, pages, …), or null for a rendered page. */
export function originalInfoOf(metadataJson: string | null | undefined): OriginalInfo | null {
  if (!metadataJson) return null;
  try {
    const parsed = originalInfoSchema.safeParse(JSON.parse(metadataJson));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
