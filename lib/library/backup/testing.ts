// Helpers for backup tests and the bench: a library with files in a data folder, and the comparisons a restore must pass.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import tar from "tar-stream";
import { LocalFileStore } from "@/lib/storage/file-store";
import { BACKUP_TABLES, TABLE_ORDER } from "./format";

/** Every row of the backed-up tables as stored (share links without their creator, who is not in a backup). */
export function libraryRows(dataDir: string): Record<string, unknown[]> {
  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true });
  try {
    return Object.fromEntries(
      BACKUP_TABLES.map((table) => {
        const rows = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${TABLE_ORDER[table]}`).all() as Array<Record<string, unknown>>;
        return [table, table === "ShareLink" ? rows.map((r) => ({ ...r, createdById: null })) : rows];
      }),
    );
  } finally {
    sqlite.close();
  }
}

export function rowCounts(dataDir: string): Record<string, number> {
  const sqlite = new Database(path.join(dataDir, "kura.db"), { readonly: true });
  try {
    return Object.fromEntries(
      ["Link", "Tag", "LinkTag", "Snapshot", "ShareLink", "WriteUpDecision", "AppState", "Job"].map((t) => [
        t,
        sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number,
      ]),
    );
  } finally {
    sqlite.close();
  }
}

/** Store key → sha256 of every stored file. */
export async function fileHashes(dataDir: string): Promise<Record<string, string>> {
  const store = new LocalFileStore(dataDir);
  const out: Record<string, string> = {};
  for (const key of [...(await store.list("snapshots")), ...(await store.list("blobs"))])
    out[key] = crypto
      .createHash("sha256")
      .update(await store.read(key))
      .digest("hex");
  return out;
}

export type TarMember = { name: string; data: Buffer; type?: "file" | "symlink" | "directory"; linkname?: string };

export async function readTar(file: string): Promise<TarMember[]> {
  const extract = tar.extract();
  fs.createReadStream(file).pipe(extract);
  const members: TarMember[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    members.push({ name: entry.header.name, data: Buffer.concat(chunks) });
  }
  return members;
}

export async function writeTar(file: string, members: TarMember[]): Promise<void> {
  const pack = tar.pack();
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => out.on("close", () => resolve()).on("error", reject));
  pack.pipe(out);
  for (const m of members) {
    if (m.type === "symlink") pack.entry({ name: m.name, type: "symlink", linkname: m.linkname ?? "/etc/passwd" });
    else pack.entry({ name: m.name, size: m.data.length }, m.data);
  }
  pack.finalize();
  await done;
}

/** The manifest made to agree with the members (sizes, checksums, file count): only the defect under test remains. */
export function forgeManifest(members: TarMember[]): TarMember[] {
  const rest = members.filter((m) => m.name !== "manifest.json");
  const manifest = JSON.parse(members.find((m) => m.name === "manifest.json")!.data.toString("utf8")) as Record<string, unknown> & {
    counts: Record<string, number>;
  };
  manifest.members = rest.map((m) => ({ name: m.name, size: m.data.length, sha256: crypto.createHash("sha256").update(m.data).digest("hex") }));
  manifest.counts.files = rest.filter((m) => m.name.startsWith("files/")).length;
  return [...rest, { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest)) }];
}
