import { getTranslations } from "next-intl/server";

/** "Export these N entries: Bookmark file · JSON" — plain downloads from /api/v1/export, carried by the session. */
export async function ExportLinks({ count, capped = false, whole, search }: { count: number; capped?: boolean; whole: boolean; search: string }) {
  const t = await getTranslations("dataExport");
  const href = (format: string) => `/api/v1/export?format=${format}${search ? `&${search}` : ""}`;
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-stone-500" data-testid="export-links">
      <span>{whole ? t("exportAll", { count }) : capped ? t("exportTheseCapped", { count }) : t("exportThese", { count })}</span>
      <a href={href("netscape")} download className="text-kura-700 underline" data-testid="export-netscape">
        {t("netscape")}
      </a>
      <a href={href("json")} download className="text-kura-700 underline" data-testid="export-json">
        {t("json")}
      </a>
    </p>
  );
}
