"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormState } from "../_actions/safe-action";
import { createTokenAction, createUserAction } from "../_actions/accounts";
import { TOKEN_EXPIRY_DAYS } from "@/lib/validation/auth";
import { ROLES } from "@/lib/accounts/roles";

const input = "rounded-md border border-stone-300 bg-white px-2 py-1 text-sm";
const button = "rounded-md border border-kura-700 px-3 py-1 text-sm font-medium text-kura-800 hover:bg-kura-50";

function Errors({ state }: { state: FormState }) {
  if (!state.errors) return null;
  return (
    <p role="alert" className="text-sm text-red-700">
      {Object.values(state.errors).join(" ")}
    </p>
  );
}

export function NewTokenForm() {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(createTokenAction, {});
  return (
    <form action={action} className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <input name="name" aria-label={t("settings.tokenName")} placeholder={t("settings.tokenName")} className={input} />
        <select name="scope" aria-label={t("settings.tokenScope")} defaultValue="write" className={input}>
          <option value="write">{t("settings.scopeWrite")}</option>
          <option value="read">{t("settings.scopeRead")}</option>
        </select>
        <select name="expiresInDays" aria-label={t("settings.tokenExpiry")} defaultValue="" className={input}>
          <option value="">{t("settings.expiresNever")}</option>
          {TOKEN_EXPIRY_DAYS.map((days) => (
            <option key={days} value={days}>
              {t("settings.expiresInDays", { days })}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending} className={button}>
          {t("settings.createToken")}
        </button>
      </div>
      <Errors state={state} />
      {state.values?.token && (
        <p className="text-sm">
          {t("settings.newToken")}{" "}
          <code data-testid="new-token" className="break-all rounded bg-stone-100 px-1">
            {state.values.token}
          </code>
        </p>
      )}
    </form>
  );
}

export function NewUserForm() {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(createUserAction, {});
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" aria-label={t("settings.addUser")}>
      <input name="email" type="email" aria-label={t("auth.email")} placeholder={t("auth.email")} defaultValue={state.values?.email} className={input} />
      <input name="password" type="password" aria-label={t("auth.password")} placeholder={t("auth.password")} autoComplete="new-password" className={input} />
      <select name="role" aria-label={t("settings.role")} defaultValue={state.values?.role ?? "viewer"} className={input}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`settings.roles.${role}`)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={button}>
        {t("settings.addUser")}
      </button>
      <div className="w-full">
        <Errors state={state} />
      </div>
    </form>
  );
}
