import { useTranslations } from "next-intl";

export default function ForbiddenPage() {
  const t = useTranslations();
  return (
    <div className="mx-auto max-w-md rounded-lg bg-white p-6 shadow-sm" data-testid="forbidden">
      <h1 className="mb-2 text-xl font-bold text-kura-900">{t("auth.forbiddenTitle")}</h1>
      <p className="text-stone-600">{t("auth.forbidden")}</p>
    </div>
  );
}
