import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { userCount } from "@/lib/accounts/users";
import { setupAction } from "@/app/_actions/accounts";
import { AuthForm } from "@/app/_components/auth-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("auth.setupTitle") };
}

export default async function SetupPage() {
  const t = await getTranslations();
  if ((await userCount()) > 0) redirect("/login");
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold text-kura-900">{t("auth.setupTitle")}</h1>
      <p className="text-sm text-stone-600">{t("auth.setupIntro")}</p>
      <AuthForm
        action={setupAction}
        submit={t("auth.createAdmin")}
        fields={[
          { name: "email", label: t("auth.email"), type: "email", autoComplete: "username" },
          { name: "password", label: t("auth.password"), type: "password", autoComplete: "new-password" },
          { name: "confirm", label: t("auth.confirm"), type: "password", autoComplete: "new-password" },
        ]}
      />
    </div>
  );
}
