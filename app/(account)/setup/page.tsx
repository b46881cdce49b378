import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { userCount } from "@/lib/accounts/users";
import { messages as m } from "@/lib/i18n/messages";
import { setupAction } from "@/app/_actions/accounts";
import { AuthForm } from "@/app/_components/auth-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: m.auth.setupTitle };

export default async function SetupPage() {
  if ((await userCount()) > 0) redirect("/login");
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-4 rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold text-kura-900">{m.auth.setupTitle}</h1>
      <p className="text-sm text-stone-600">{m.auth.setupIntro}</p>
      <AuthForm
        action={setupAction}
        submit={m.auth.createAdmin}
        fields={[
          { name: "email", label: m.auth.email, type: "email", autoComplete: "username" },
          { name: "password", label: m.auth.password, type: "password", autoComplete: "new-password" },
          { name: "confirm", label: m.auth.confirm, type: "password", autoComplete: "new-password" },
        ]}
      />
    </div>
  );
}
