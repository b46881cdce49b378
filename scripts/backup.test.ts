import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

// `npm run backup` and `npm run restore` as processes, each pointed at its own data folder by KURA_DATA_DIR.
const source = useTempDataDir();
const { db } = await import("@/lib/db/client");
const { fileStore } = await import("@/lib/storage/configured-store");
const { libraryRows, fileHashes, rowCounts } = await import("@/lib/library/backup/testing");

const ROOT = path.resolve(import.meta.dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kura-backup-cli-"));

function run(script: "backup" | "restore", args: string[], dataDir: string) {
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, `scripts/${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, KURA_DATA_DIR: dataDir },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

function emptyDataDir(): string {
  const previous = process.env.KURA_DATA_DIR;
  const dir = useTempDataDir();
  process.env.KURA_DATA_DIR = previous;
  return dir;
}

describe("npm run backup / npm run restore", () => {
  it("backs up one data folder and restores it into another, byte for byte; a second restore is refused", async () => {
    for (let i = 0; i < 3; i++) {
      const link = await db().link.create({
        data: { url: `https://cli.example/${i}`, title: `CLI ${i}`, note: `note ${i}`, tags: { create: { tag: { create: { name: `t${i}`, key: `t${i}` } } } } },
      });
      const snapshot = await db().snapshot.create({ data: { linkId: link.id, status: "ready" } });
      const file = await fileStore().write(`snapshots/${link.id}/${snapshot.id}/a1-cli/snapshot.html`, `<p>page ${i}</p>`);
      await db().snapshot.update({ where: { id: snapshot.id }, data: { htmlPath: file.path, htmlSha256: file.sha256, htmlBytes: file.bytes } });
    }
    const archive = path.join(work, "library.tar");
    const backup = run("backup", [archive], source);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file: archive, entries: 3, snapshots: 3, tags: 3, files: 3, missingFiles: 0 });
    expect(fs.existsSync(`${archive}.partial`)).toBe(false);

    const target = emptyDataDir();
    const restore = run("restore", [archive], target);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ restored: true, entries: 3, snapshots: 3, files: 3, replaced: 0 });
    expect(libraryRows(target)).toEqual(libraryRows(source));
    expect(await fileHashes(target)).toEqual(await fileHashes(source));

    const again = run("restore", [archive], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^kura restore: This instance already has 3 entries of its own/);
  });

  it("refuses a truncated archive with a reason and exit 1, leaving the target as it was", async () => {
    const archive = path.join(work, "whole.tar");
    expect(run("backup", [archive], source).code).toBe(0);
    const cut = path.join(work, "cut.tar");
    fs.writeFileSync(cut, fs.readFileSync(archive).subarray(0, 3000));
    const target = emptyDataDir();
    const before = rowCounts(target);
    const restore = run("restore", [cut], target);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/^kura restore: This backup is refused: .*Nothing was changed\.$/);
    expect(rowCounts(target)).toEqual(before);
    expect(await fileHashes(target)).toEqual({});
  });

  it("says how to call it", () => {
    expect(run("backup", [], source)).toMatchObject({ code: 2, stderr: "usage: npm run backup -- <file.tar>" });
    expect(run("restore", [], source)).toMatchObject({ code: 2, stderr: "usage: npm run restore -- <file.tar>" });
  });
});
