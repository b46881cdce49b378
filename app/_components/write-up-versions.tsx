import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { Sibling } from "@/lib/library/write-ups";
import { languageName } from "@/lib/i18n/format";
import { splitWriteUpAction } from "../_actions/organise";

/** A version's label: its language in that language ("English", "日本語", "中文"), else (or when two share one) its title. */
function labels(siblings: Sibling[]): string[] {
  const names = siblings.map((s) => (s.language ? languageName(s.language, s.language) : null));
  return siblings.map((s, i) => {
    const name = names[i];
    return name && names.filter((n) => n === name).length === 1 ? name : s.title;
  });
}

/** On a library card: "Also in English · 日本語", each a link to that version (the search carried along). */
export function AlsoIn({ siblings, q }: { siblings: Sibling[]; q?: string }) {
  const t = useTranslations("writeUps");
  if (siblings.length === 0) return null;
  const names = labels(siblings);
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-xs text-stone-600" data-testid="also-in" aria-label={t("alsoInLabel")}>
      <span>{t("alsoIn")}</span>
      {siblings.map((s, i) => (
        <Link
          key={s.id}
          href={q ? `/links/${s.id}?q=${encodeURIComponent(q)}` : `/links/${s.id}`}
          lang={s.language ?? undefined}
          title={s.title}
          data-testid="also-in-link"
          data-link-id={s.id}
          className="max-w-[16rem] truncate text-kura-700 underline"
        >
          {names[i]}
        </Link>
      ))}
    </p>
  );
}

/** On the entry page: the other versions with their titles, and (for editors) "Not the same write-up". */
export function WriteUpVersions({ linkId, siblings, editor }: { linkId: number; siblings: Sibling[]; editor: boolean }) {
  const t = useTranslations("writeUps");
  const locale = useLocale();
  if (siblings.length === 0) return null;
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-kura-100 bg-white p-3 text-sm"
      data-testid="write-up-versions"
      aria-labelledby="write-up-versions-title"
    >
      <h2 id="write-up-versions-title" className="font-semibold text-kura-900">
        {t("versionsTitle")}
      </h2>
      <p className="text-xs text-stone-600">{t("versionsHint")}</p>
      <ul className="flex flex-col gap-2">
        {siblings.map((s) => (
          <li key={s.id} className="flex flex-col gap-1" data-testid="write-up-version" data-link-id={s.id}>
            <Link href={`/links/${s.id}`} lang={s.language ?? undefined} className="text-kura-700 underline [overflow-wrap:anywhere]">
              {s.title}
            </Link>
            <span className="text-xs text-stone-600">
              {s.language ? languageName(s.language, locale) : null}
              {s.manual ? ` · ${t("manual")}` : null}
            </span>
            {editor && (
              <form action={splitWriteUpAction}>
                <input type="hidden" name="linkId" value={linkId} />
                <input type="hidden" name="otherId" value={s.id} />
                <button type="submit" className="min-h-6 py-1 text-xs text-stone-700 underline hover:text-red-700" data-testid="write-up-split">
                  {t("split")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
