import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { requireUser } from "@/lib/accounts/current-user";
import { listApiTokens } from "@/lib/accounts/tokens";
import { listUsers } from "@/lib/accounts/users";
import { hasRole, isRole, ROLES } from "@/lib/accounts/roles";
import { LocalTime } from "@/app/_components/local-time";
import { changeRoleAction, deleteUserAction, logoutEverywhereAction, revokeTokenAction } from "@/app/_actions/accounts";
import { NewTokenForm, NewUserForm } from "@/app/_components/settings-forms";
import { QueueStatus } from "@/app/_components/queue-status";
import { BookmarkletLink } from "@/app/_components/bookmarklet-link";
import { ImportForm } from "@/app/_components/import-form";
import { ExportLinks } from "@/app/_components/export-links";
import { exportCount } from "@/lib/library/export";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("settings.title") };
}

const section = "flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm";
const small = "min-h-6 rounded border border-stone-300 px-2 py-0.5 text-xs hover:bg-stone-50";

export default async function SettingsPage() {
  const t = await getTranslations();
  const user = await requireUser("viewer", "/settings");
  const [tokens, users, entries] = await Promise.all([listApiTokens(user.id), hasRole(user.role, "admin") ? listUsers() : null, exportCount({ tags: [] })]);
  return (
    <div className="flex max-w-3xl flex-col gap-5">
      <h1 className="text-xl font-bold text-kura-900">{t("settings.title")}</h1>
      <section className={section}>
        <h2 className="font-semibold">{t("settings.account")}</h2>
        <p className="text-sm text-stone-600">
          {t("auth.signedInAs", { email: user.email, role: isRole(user.role) ? t(`settings.roles.${user.role}`) : user.role })}
        </p>
        <form action={logoutEverywhereAction}>
          <button type="submit" className={small}>
            {t("settings.signOutEverywhere")}
          </button>
        </form>
      </section>
      <section className={section}>
        <h2 className="font-semibold">{t("settings.tokens")}</h2>
        <p className="text-sm text-stone-600">{t("settings.tokensIntro")}</p>
        <NewTokenForm />
        {tokens.length === 0 ? (
          <p className="text-sm text-stone-500">{t("settings.noTokens")}</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" data-testid="tokens">
            {tokens.map((token) => (
              <li key={token.id} className="flex items-center justify-between gap-2">
                <span>
                  {token.name} · <LocalTime date={token.createdAt} /> · {t("settings.lastUsed")}{" "}
                  {token.lastUsedAt ? <LocalTime date={token.lastUsedAt} /> : t("settings.never")}
                  {token.scope === "read" && ` · ${t("settings.readOnly")}`}
                  {token.expiresAt && (
                    <>
                      {` · ${t("settings.expires")} `}
                      <LocalTime date={token.expiresAt} />
                    </>
                  )}
                </span>
                <form action={revokeTokenAction}>
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button type="submit" className={small}>
                    {t("settings.revoke")}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-2 text-sm font-semibold">{t("settings.bookmarklet")}</h3>
        <p className="text-sm text-stone-600">
          {t("settings.bookmarkletIntro")} <BookmarkletLink label={t("settings.bookmarkletLabel")} />
        </p>
        <p className="text-sm text-stone-600">{t("settings.bookmarkletPhone")}</p>
      </section>
      {hasRole(user.role, "editor") && (
        <section className={section} aria-labelledby="data-heading">
          <h2 id="data-heading" className="font-semibold">
            {t("import.dataTitle")}
          </h2>
          <h3 className="text-sm font-semibold">{t("import.title")}</h3>
          <p className="text-sm text-stone-600">{t("import.intro")}</p>
          <p className="text-sm text-stone-600">{t("import.rules")}</p>
          <ImportForm />
        </section>
      )}
      <section className={section} data-testid="export-section">
        <h2 className="font-semibold">{t("dataExport.settingsTitle")}</h2>
        <p className="text-sm text-stone-600">{t("dataExport.settingsIntro")}</p>
        <ExportLinks count={entries} whole search="" />
        {users && (
          <>
            <h3 className="mt-2 text-sm font-semibold">{t("dataExport.backupTitle")}</h3>
            <p className="text-sm text-stone-600">{t("dataExport.backupIntro")}</p>
            <a href="/api/v1/backup" download className={`${small} self-start`} data-testid="backup-download">
              {t("dataExport.backupDownload")}
            </a>
          </>
        )}
      </section>
      {users && <QueueStatus className={section} />}
      {users && (
        <section className={section}>
          <h2 className="font-semibold">{t("settings.users")}</h2>
          <ul className="flex flex-col gap-2 text-sm" data-testid="users">
            {users.map((u) => (
              <li key={u.id} className="flex flex-wrap items-center justify-between gap-2" data-testid="user-row">
                <span>{u.email}</span>
                <div className="flex gap-2">
                  <form action={changeRoleAction} className="flex gap-1">
                    <input type="hidden" name="userId" value={u.id} />
                    <select
                      name="role"
                      defaultValue={u.role}
                      aria-label={`${t("settings.role")} ${u.email}`}
                      className="min-h-6 rounded border border-stone-300 text-xs"
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(`settings.roles.${role}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className={small}>
                      {t("settings.changeRole")}
                    </button>
                  </form>
                  {u.id !== user.id && (
                    <form action={deleteUserAction}>
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className={small}>
                        {t("settings.deleteUser")}
                      </button>
                    </form>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <NewUserForm />
        </section>
      )}
    </div>
  );
}
