import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Against a real SQLite file migrated like production; KURA_DATA_DIR is set before the database module loads.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-accounts-"));
process.env.KURA_DATA_DIR = dataDir;
const root = path.resolve(import.meta.dirname, "../..");

let accounts: typeof import("./users") & typeof import("./sessions") & typeof import("./tokens");

beforeAll(async () => {
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, KURA_DATA_DIR: dataDir, DATABASE_URL: `file:${dataDir}/kura.db` },
    stdio: "ignore",
  });
  accounts = { ...(await import("./users")), ...(await import("./sessions")), ...(await import("./tokens")) };
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("accounts", () => {
  it("creates exactly one first admin, even when two set-up forms race", async () => {
    const results = await Promise.all([
      accounts.createFirstAdmin({ email: "First@Kura.test", password: "first-password" }),
      accounts.createFirstAdmin({ email: "second@kura.test", password: "second-password" }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await accounts.userCount()).toBe(1);
    expect(await accounts.createFirstAdmin({ email: "late@kura.test", password: "late-password" })).toBeNull();
  });

  it("checks credentials case-insensitively on the email, never on the password", async () => {
    const user = await accounts.createUser({ email: "Viewer@Kura.test", password: "viewer-password", role: "viewer" });
    expect(await accounts.checkCredentials("viewer@kura.TEST", "viewer-password")).toMatchObject({ id: user.id, role: "viewer" });
    expect(await accounts.checkCredentials("viewer@kura.test", "VIEWER-PASSWORD")).toBeNull();
    expect(await accounts.checkCredentials("nobody@kura.test", "viewer-password")).toBeNull();
  });

  it("sessions end one by one or everywhere", async () => {
    const user = await accounts.createUser({ email: "roaming@kura.test", password: "roaming-password", role: "editor" });
    const a = await accounts.startSession(user.id);
    const b = await accounts.startSession(user.id);
    expect(await accounts.userForSession(a.secret)).toMatchObject({ id: user.id });
    await accounts.endSession(a.secret);
    expect(await accounts.userForSession(a.secret)).toBeNull();
    expect(await accounts.userForSession(b.secret)).not.toBeNull();
    expect(await accounts.endAllSessions(user.id)).toBe(1);
    expect(await accounts.userForSession(b.secret)).toBeNull();
  });

  it("API tokens authenticate until revoked, and only their hash is stored", async () => {
    const user = await accounts.createUser({ email: "script@kura.test", password: "script-password", role: "editor" });
    const token = await accounts.createApiToken(user.id, "cron");
    expect(token).toMatch(/^kura_/);
    expect(await accounts.userForApiToken(token)).toMatchObject({ id: user.id });
    const [listed] = await accounts.listApiTokens(user.id);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(await accounts.revokeApiToken(user.id, listed!.id)).toBe(true);
    expect(await accounts.userForApiToken(token)).toBeNull();
  });

  it("API tokens carry a scope and expire; revoking all of them ends every one", async () => {
    const user = await accounts.createUser({ email: "scoped@kura.test", password: "scoped-password", role: "editor" });
    const now = new Date("2026-06-01T00:00:00Z");
    const reader = await accounts.createApiToken(user.id, "reader", { scope: "read", expiresAt: new Date("2026-06-02T00:00:00Z") });
    const writer = await accounts.createApiToken(user.id, "writer");
    expect(await accounts.holderOfApiToken(reader, now)).toMatchObject({ scope: "read", user: { id: user.id } });
    expect(await accounts.holderOfApiToken(reader, new Date("2026-06-02T00:00:00Z"))).toBeNull();
    expect(await accounts.holderOfApiToken(writer, now)).toMatchObject({ scope: "write" });
    expect(await accounts.revokeAllApiTokens(user.id)).toBe(2);
    expect(await accounts.holderOfApiToken(writer, now)).toBeNull();
  });

  it("keeps at least one admin", async () => {
    const [admin] = (await accounts.listUsers()).filter((u) => u.role === "admin");
    expect(await accounts.setUserRole(admin!.id, "viewer")).toBe("last-admin");
    expect(await accounts.deleteUser(admin!.id)).toBe("last-admin");
  });
});
