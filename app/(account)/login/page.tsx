import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { userCount } from "@/lib/accounts/users";
import { safeReturnPath } from "@/lib/validation/auth";
import { loginAction } from "@/app/_actions/accounts";
import { AuthForm } from "@/app/_components/auth-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("auth.loginTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const t = await getTranslations();
  if ((await userCount()) === 0) redirect("/setup");
  const next = safeReturnPath((await searchParams).next);
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold text-kura-900">{t("auth.loginTitle")}</h1>
      <AuthForm
        action={loginAction}
        submit={t("auth.signIn")}
        hidden={{ next }}
        fields={[
          { name: "email", label: t("auth.email"), type: "email", autoComplete: "username" },
          { name: "password", label: t("auth.password"), type: "password", autoComplete: "current-password" },
        ]}
      />
    </div>
  );
}
