import { useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { requireUser } from "@/lib/accounts/current-user";
import { getEntryVersions } from "@/lib/library/detail";
import { DIFF_LIMITS, snapshotTextDiff, type DiffLine } from "@/lib/library/snapshot-diff";
import { linkIdSchema } from "@/lib/validation/forms";
import { DATE_TIME } from "@/lib/i18n/format";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("diff.title") };
}

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DiffPage({ params, searchParams }: Params) {
  const t = await getTranslations();
  const format = await getFormatter();
  const { id } = await params;
  const query = await searchParams;
  await requireUser("viewer", `/links/${encodeURIComponent(id)}`);
  const linkId = linkIdSchema.safeParse(id);
  if (!linkId.success) notFound();
  const link = await getEntryVersions(linkId.data);
  if (!link) notFound();
  const a = linkIdSchema.safeParse(query.a);
  const b = linkIdSchema.safeParse(query.b);
  const mine = new Set(link.snapshots.map((s) => s.id));
  if (!a.success || !b.success || !mine.has(a.data) || !mine.has(b.data)) notFound();
  // Older on the left whatever order they were picked in.
  const [older, newer] = a.data <= b.data ? [a.data, b.data] : [b.data, a.data];
  const diff = older === newer ? null : await snapshotTextDiff(older, newer);
  const sideDate = (snapshotId: number) => {
    const s = link.snapshots.find((x) => x.id === snapshotId)!;
    const at = s.capturedAt ?? s.createdAt;
    return <time dateTime={at.toISOString()}>{format.dateTime(at, DATE_TIME)}</time>;
  };

  return (
    <article className="flex flex-col gap-4" data-testid="diff-page">
      <Link href={`/links/${link.id}`} className="text-sm text-kura-700 underline">
        ← {t("diff.back")}
      </Link>
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold text-kura-900">{t("diff.title")}</h1>
        <p className="text-stone-700" lang={link.language ?? undefined}>
          {link.title || link.url}
        </p>
        <p className="text-sm text-stone-600">
          <span className="font-medium">{t("diff.from")}:</span> {sideDate(older)} → <span className="font-medium">{t("diff.to")}:</span> {sideDate(newer)}
        </p>
      </header>
      {older === newer ? (
        <Notice>{t("diff.sameSnapshot")}</Notice>
      ) : !diff ? (
        <Notice>{t("diff.missingText")}</Notice>
      ) : diff.identical ? (
        <Notice>{t("diff.identical")}</Notice>
      ) : (
        <>
          <p className="rounded-md bg-white px-3 py-2 text-sm font-medium text-stone-800 shadow-sm" data-testid="diff-stats">
            {t("diff.stats", { ...diff.stats, lines: diff.stats.changedLines + diff.stats.addedLines + diff.stats.removedLines })}
          </p>
          {diff.truncated && <Notice>{t("diff.truncated", { chars: DIFF_LIMITS.maxChars })}</Notice>}
          {diff.tooLarge && <Notice>{diff.lines.length === 0 ? t("diff.gaveUp") : t("diff.tooLarge")}</Notice>}
          <p className="text-xs text-stone-500">{t("diff.legend")}</p>
          <ol
            className="overflow-hidden rounded-lg border border-stone-200 bg-white font-mono text-[13px] leading-6"
            data-testid="diff"
            lang={link.language ?? undefined}
          >
            {diff.lines.map((line, i) => (
              <DiffRow key={i} line={line} />
            ))}
          </ol>
          {diff.hiddenChanges > 0 && (
            <p className="text-center text-sm text-stone-600" data-testid="diff-more">
              {t("diff.moreChanges", { count: diff.hiddenChanges })}
            </p>
          )}
        </>
      )}
    </article>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-stone-200 bg-white px-3 py-3 text-stone-700" data-testid="diff-notice">
      {children}
    </p>
  );
}

const rowBase = "grid grid-cols-[3.5rem_1.5rem_1fr] gap-1 px-2";
const num = "select-none text-right text-stone-400";

function DiffRow({ line }: { line: DiffLine }) {
  const t = useTranslations();
  switch (line.kind) {
    case "skipped":
      return (
        <li className="border-y border-dashed border-stone-200 bg-stone-50 px-2 py-0.5 text-center font-sans text-xs text-stone-500" data-kind="skipped">
          ⋯ {t("diff.skipped", { count: line.count })} ⋯
        </li>
      );
    case "equal":
      return (
        <li className={rowBase} data-kind="equal">
          <span className={num}>{line.bLine}</span>
          <span aria-hidden />
          <span className="whitespace-pre-wrap break-words text-stone-700">{line.text || " "}</span>
        </li>
      );
    case "removed":
      return (
        <li className={`${rowBase} bg-red-50`} data-kind="removed">
          <span className={num}>{line.aLine}</span>
          <Marker symbol={t("diff.removedMarker")} label={t("diff.removed")} className="text-red-800" />
          <del className="whitespace-pre-wrap break-words text-red-900 decoration-red-400">{line.text || " "}</del>
        </li>
      );
    case "added":
      return (
        <li className={`${rowBase} bg-emerald-50`} data-kind="added">
          <span className={num}>{line.bLine}</span>
          <Marker symbol={t("diff.addedMarker")} label={t("diff.added")} className="text-emerald-800" />
          <ins className="whitespace-pre-wrap break-words text-emerald-900 no-underline">{line.text || " "}</ins>
        </li>
      );
    case "changed":
      return (
        <li className={`${rowBase} bg-amber-50`} data-kind="changed">
          <span className={num}>{line.bLine}</span>
          <Marker symbol={t("diff.changedMarker")} label={t("diff.changed")} className="text-amber-800" />
          <span className="whitespace-pre-wrap break-words text-stone-800">
            {line.parts.map((part, i) =>
              part.kind === "removed" ? (
                <del key={i} className="mr-px rounded-sm bg-red-200 text-red-950 decoration-2">
                  {part.text}
                </del>
              ) : part.kind === "added" ? (
                <ins key={i} className="rounded-sm bg-emerald-200 text-emerald-950 decoration-2 underline-offset-2">
                  {part.text}
                </ins>
              ) : (
                <span key={i}>{part.text}</span>
              ),
            )}
          </span>
        </li>
      );
  }
}

/** The +/−/~ column: visible symbol, and the word for screen readers. */
function Marker({ symbol, label, className }: { symbol: string; label: string; className: string }) {
  return (
    <span className={`select-none text-center font-bold ${className}`}>
      <span aria-hidden>{symbol}</span>
      <span className="sr-only">{label}: </span>
    </span>
  );
}
