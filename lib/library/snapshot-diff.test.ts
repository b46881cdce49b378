import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { DIFF_DEADLINE_MS, DIFF_LIMITS, diffOffThread, diffTexts, snapshotTextDiff } = await import("./snapshot-diff");
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

/** About 2.2 MB of text whose every line differs between the two versions: the worst case for a line diff. */
function bigVersions(): [string, string] {
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    a.push(`line ${i} of the first version with some words ${i * 7} and more words to read`);
    b.push(i % 3 === 0 ? `line ${i} of the second version with other words ${i * 11} and more words to read` : `unrelated ${i * 13} text`);
  }
  return [a.join("\n"), b.join("\n")];
}

describe("diff limits", () => {
  it("cuts each side, word-diffs only short hunks and caps the rows, saying what it left out", () => {
    const [a, b] = bigVersions();
    const limits = { maxChars: 20_000, maxRows: 50, maxWordDiffLines: 5 };
    const diff = diffTexts(a, b, { limits });
    expect(diff.truncated).toBe(true);
    expect(diff.lines.length).toBeLessThanOrEqual(50);
    expect(diff.hiddenChanges).toBeGreaterThan(0);
    // The one long hunk is shown as removed and added lines, not compared word by word.
    expect(diff.lines.some((l) => l.kind === "changed")).toBe(false);
    const short = diffTexts("a b c\nsame", "a x c\nsame", { limits });
    expect(short.lines[0]).toMatchObject({ kind: "changed" });
    expect([short.truncated, short.hiddenChanges]).toEqual([false, 0]);
  });

  it("diffs two 2.2 MB texts off the main thread within the deadline, the event loop staying responsive", async () => {
    const [a, b] = bigVersions();
    expect(a.length).toBeGreaterThan(2_200_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const diff = await diffOffThread(a, b);
    const took = performance.now() - started;
    delay.disable();
    expect(took).toBeLessThan(DIFF_DEADLINE_MS + 1000);
    expect(diff.truncated).toBe(true);
    expect(diff.lines.length).toBeLessThanOrEqual(DIFF_LIMITS.maxRows);
    expect(diff.stats.addedLines + diff.stats.changedLines).toBeGreaterThan(0);
    // The worst pause of this thread's event loop while the comparison ran: the same diff on this thread pauses it
    // for over 2 s; 1 s leaves room for a machine this loaded that threads wait for a core.
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it("ends a comparison that overruns its deadline and says it gave up", async () => {
    const [a, b] = bigVersions();
    const diff = await diffOffThread(a, b, { limits: { maxChars: 3_000_000 } }, 50);
    expect(diff).toMatchObject({ tooLarge: true, lines: [] });
  });
});
