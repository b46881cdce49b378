import { getLocale, getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { requireUser } from "@/lib/accounts/current-user";
import { validationTranslator } from "@/lib/i18n/translator";
import { issueText } from "@/lib/i18n/validation-text";
import { sharedLinkSchema } from "@/lib/validation/shared-link";
import { SaveConfirmation } from "@/app/_components/save-confirmation";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("save.title") };
}

type Params = Promise<Record<string, string | string[] | undefined>>;

// Where the bookmarklet's small window and the phone's share sheet land (/save?url=&title=&text=). Opening the page
// saves nothing by itself: a GET that wrote would let any site add links to someone's library with an <img>. The page
// submits the save as a server action (same-origin POST) the moment it loads, so it is still one click for the user.
export default async function SavePage({ searchParams }: { searchParams: Params }) {
  const t = await getTranslations();
  const locale = await getLocale();
  const params = await searchParams;
  const query = new URLSearchParams();
  for (const key of ["url", "title", "text"]) {
    const value = params[key];
    if (typeof value === "string") query.set(key, value);
  }
  await requireUser("editor", `/save?${query.toString()}`);
  const shared = sharedLinkSchema.safeParse(params);
  return (
    // Covers the app's header: in a 480 × 360 popup only the confirmation matters.
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-kura-50 p-4">
      <div className="flex w-full max-w-md flex-col gap-3 rounded-lg bg-white p-5 shadow-sm" data-testid="save-panel">
        <h1 className="text-lg font-bold text-kura-900">{t("save.title")}</h1>
        {shared.success ? (
          <SaveConfirmation url={shared.data.url} title={shared.data.title} />
        ) : (
          <p role="alert" className="text-sm break-words text-red-800">
            {issueText(shared.error.issues[0]!, validationTranslator(locale))}
          </p>
        )}
      </div>
    </div>
  );
}
