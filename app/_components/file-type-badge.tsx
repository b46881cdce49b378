import { useTranslations } from "next-intl";
import { originalInfoOf } from "@/lib/library/snapshot-facts";

/** A small "PDF" / "Image" / "File" mark for entries kept as an original file; nothing for rendered pages. */
export function FileTypeBadge({ snapshot }: { snapshot: { originalPath: string | null; metadataJson: string | null } | undefined }) {
  const t = useTranslations();
  const info = originalInfoOf(snapshot);
  if (!info) return null;
  return (
    <span
      data-testid="file-type-badge"
      title={t(`original.badgeTitle.${info.kind}`)}
      className="rounded border border-kura-100 bg-kura-50 px-1.5 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wide text-kura-800"
    >
      {t(`original.badge.${info.kind}`)}
    </span>
  );
}
