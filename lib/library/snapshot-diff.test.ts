import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { diffTexts, snapshotTextDiff } = await import("./snapshot-diff");
const { recaptureEntry } = await import("./entries");
const { getEntry } = await import("./detail");

const prisma = db();

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("diffTexts", () => {
  it("shows an edited line once with its word changes, and added and removed lines as such", () => {
    const a = "Title\n\nDocker uses iptables to publish ports.\nThis line goes away.\nSame ending.";
    const b = "Title\n\nDocker uses nftables to publish ports.\nSame ending.\nA new closing line.";
    const diff = diffTexts(a, b, { context: 1 });
    expect(diff.identical).toBe(false);
    expect(diff.tooLarge).toBe(false);
    expect(diff.lines).toEqual([
      { kind: "equal", text: "Title", aLine: 1, bLine: 1 },
      { kind: "equal", text: "", aLine: 2, bLine: 2 },
      {
        kind: "changed",
        aLine: 3,
        bLine: 3,
        parts: [
          { kind: "equal", text: "Docker uses " },
          { kind: "removed", text: "iptables" },
          { kind: "added", text: "nftables" },
          { kind: "equal", text: " to publish ports." },
        ],
      },
      { kind: "removed", text: "This line goes away.", aLine: 4 },
      { kind: "equal", text: "Same ending.", aLine: 5, bLine: 4 },
      { kind: "added", text: "A new closing line.", bLine: 5 },
    ]);
    expect(diff.stats).toEqual({ addedLines: 1, removedLines: 1, changedLines: 1, unchangedLines: 3, addedWords: 5, removedWords: 5 });
  });

  it("collapses long unchanged runs around changes, and reports identical texts", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[24] = "line twenty-five, rewritten";
    const diff = diffTexts(lines.join("\n"), changed.join("\n"), { context: 2 });
    expect(diff.lines.map((l) => l.kind)).toEqual(["skipped", "equal", "equal", "removed", "added", "equal", "equal", "skipped"]);
    expect(diff.lines[0]).toEqual({ kind: "skipped", count: 22, aLine: 1, bLine: 1 });
    const same = diffTexts("a\nb", "a\nb");
    expect(same).toMatchObject({ identical: true, lines: [{ kind: "skipped", count: 2 }] });
  });

  it("diffs CJK text by words, not whole lines", () => {
    const diff = diffTexts("ファイアウォールの設定を確認します。", "ファイアウォールの設定を変更します。");
    const [row] = diff.lines;
    expect(row?.kind).toBe("changed");
    const parts = row?.kind === "changed" ? row.parts : [];
    expect(parts.filter((p) => p.kind !== "equal").map((p) => [p.kind, p.text])).toEqual([
      ["removed", "確認"],
      ["added", "変更"],
    ]);
  });
});

describe("snapshot history", () => {
  it("re-capturing keeps the older snapshots; two captures of an entry compare by text", async () => {
    const link = await prisma.link.create({ data: { url: "https://example.org/history" } });
    const older = await prisma.snapshot.create({ data: { linkId: link.id, status: "ready", text: "Version one.\nShared line." } });
    const newerId = await recaptureEntry(link.id);
    expect(newerId).not.toBe(older.id);
    expect((await getEntry(link.id))!.snapshots.map((s) => [s.id, s.status])).toEqual([
      [newerId, "queued"],
      [older.id, "ready"],
    ]);
    expect(await snapshotTextDiff(older.id, newerId!)).toBeNull(); // no text yet
    await prisma.snapshot.update({ where: { id: newerId! }, data: { status: "ready", text: "Version two.\nShared line." } });
    const diff = await snapshotTextDiff(older.id, newerId!);
    expect(diff?.a).toMatchObject({ id: older.id, linkId: link.id });
    expect(diff?.b).toMatchObject({ id: newerId, linkId: link.id });
    expect(diff?.lines[0]).toEqual({
      kind: "changed",
      aLine: 1,
      bLine: 1,
      parts: [
        { kind: "equal", text: "Version " },
        { kind: "removed", text: "one" },
        { kind: "added", text: "two" },
        { kind: "equal", text: "." },
      ],
    });
    expect(await snapshotTextDiff(older.id, 987_654)).toBeNull();
  });
});
