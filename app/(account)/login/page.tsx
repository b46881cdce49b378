import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { userCount } from "@/lib/accounts/users";
import { safeReturnPath } from "@/lib/validation/auth";
import { messages as m } from "@/lib/i18n/messages";
import { loginAction } from "@/app/_actions/accounts";
import { AuthForm } from "@/app/_components/auth-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: m.auth.loginTitle };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if ((await userCount()) === 0) redirect("/setup");
  const next = safeReturnPath((await searchParams).next);
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold text-kura-900">{m.auth.loginTitle}</h1>
      <AuthForm
        action={loginAction}
        submit={m.auth.signIn}
        hidden={{ next }}
        fields={[
          { name: "email", label: m.auth.email, type: "email", autoComplete: "username" },
          { name: "password", label: m.auth.password, type: "password", autoComplete: "current-password" },
        ]}
      />
    </div>
  );
}
