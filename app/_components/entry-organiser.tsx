import { getTranslations } from "next-intl/server";
import { entryStateAction, favouriteAction, resetCustomTextAction } from "../_actions/organise";
import { ENTRY_STATES, type EntryState } from "@/lib/library/vocabulary";
import { noteHtml } from "@/lib/library/note";
import { CustomTextEditor, NoteEditor } from "./organise-editors";

type Organised = {
  id: number;
  favourite: boolean;
  state: string;
  note: string | null;
  title: string | null;
  description: string | null;
  customTitle: string | null;
  customDescription: string | null;
};

/** The entry page's organising panel: editors change the star, state, note and own text; viewers see the values. */
export async function EntryOrganiser({ link, editor }: { link: Organised; editor: boolean }) {
  const t = await getTranslations("organise");
  const state = link.state as EntryState;
  return (
    <section
      id="organiser"
      className="flex scroll-mt-4 flex-col gap-3 rounded-lg border border-kura-100 bg-white p-3"
      data-testid="organiser"
      aria-label={t("state")}
    >
      <div className="flex flex-wrap items-center gap-2">
        {editor ? (
          <form action={favouriteAction}>
            <input type="hidden" name="linkId" value={link.id} />
            <input type="hidden" name="favourite" value={link.favourite ? "0" : "1"} />
            <button
              type="submit"
              aria-pressed={link.favourite}
              data-testid="favourite-toggle"
              title={link.favourite ? t("unfavourite") : t("favourite")}
              className={`rounded-md border px-2 py-1 text-sm ${link.favourite ? "border-amber-400 bg-amber-50 text-amber-800" : "border-stone-300 text-stone-600"}`}
            >
              {link.favourite ? t("favouriteOn") : t("favouriteOff")}
            </button>
          </form>
        ) : (
          <span data-testid="favourite-value" className="text-sm text-stone-600">
            {link.favourite ? t("favouriteOn") : t("favouriteOff")}
          </span>
        )}
        {editor ? (
          <form action={entryStateAction} className="flex gap-1" role="group" aria-label={t("state")}>
            <input type="hidden" name="linkId" value={link.id} />
            {ENTRY_STATES.map((s) => (
              <button
                key={s}
                type="submit"
                name="state"
                value={s}
                aria-pressed={s === state}
                data-testid={`state-${s}`}
                className={`rounded-md border px-2 py-1 text-xs ${s === state ? "border-kura-800 bg-kura-800 text-white" : "border-stone-300 text-stone-600"}`}
              >
                {t(`states.${s}`)}
              </button>
            ))}
          </form>
        ) : (
          <span data-testid="state-value" className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-700">
            {t(`states.${state}`)}
          </span>
        )}
      </div>
      {editor && (
        <>
          <CustomTextEditor linkId={link.id} customTitle={link.customTitle ?? ""} customDescription={link.customDescription ?? ""} />
          {(link.customTitle || link.customDescription) && (
            <div className="flex flex-col gap-1 text-xs text-stone-500">
              <span data-testid="captured-title">{t("capturedTitle", { title: link.title ?? "—" })}</span>
              <form action={resetCustomTextAction}>
                <input type="hidden" name="linkId" value={link.id} />
                <button type="submit" data-testid="reset-custom" className="text-kura-700 underline">
                  {t("resetCustom")}
                </button>
              </form>
            </div>
          )}
        </>
      )}
      <div className="flex flex-col gap-1">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-stone-500">{t("note")}</h2>
        {link.note ? (
          // marked's HTML passed through sanitize-html (lib/library/note.ts): no scripts, no event attributes.
          <div
            className="prose-sm text-sm text-stone-800 [&_a]:underline [&_code]:font-mono"
            data-testid="note-html"
            dangerouslySetInnerHTML={{ __html: noteHtml(link.note) }}
          />
        ) : (
          !editor && <p className="text-sm text-stone-500">{t("noNote")}</p>
        )}
        {editor && <NoteEditor linkId={link.id} note={link.note ?? ""} />}
      </div>
    </section>
  );
}
