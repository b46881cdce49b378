import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

const dataDir = useTempDataDir();

const { db } = await import("@/lib/db/client");
const { addEntry, cancelCapture } = await import("./entries");
const { touchJob } = await import("@/lib/queue/jobs");
const { CapturePoller, captureEventStream, parseCursor, parseLinkFilter, userCaptureEventStream } = await import("./capture-events");
const { captureUpdatesSince } = await import("./progress");
const { MAX_CAPTURE_STREAMS } = await import("./client-slots");

const prisma = db();

afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Message = { event?: string; id?: string; data?: unknown; comment?: string };

/** Reads SSE messages from a stream as a browser would split them. */
function sseReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  const queue: Message[] = [];
  // A read that lost a race against a timeout is kept for the next call, or its chunk would be dropped.
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const read = (waitMs: number) => {
    pending ??= reader.read();
    const current = pending;
    return Promise.race([current.then((r) => ((pending = null), r)), new Promise<null>((r) => setTimeout(() => r(null), waitMs))]);
  };
  const parse = (block: string): Message => {
    const message: Message = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) message.comment = line.slice(1).trim();
      else if (line.startsWith("event: ")) message.event = line.slice(7);
      else if (line.startsWith("id: ")) message.id = line.slice(4);
      else if (line.startsWith("data: ")) message.data = JSON.parse(line.slice(6));
    }
    return message;
  };
  return {
    get ended() {
      return ended;
    },
    /** The next message matching `match`, or throws after `timeoutMs`. */
    async next(match: (m: Message) => boolean = () => true, timeoutMs = 5000): Promise<Message> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = queue.findIndex(match);
        if (found >= 0) return queue.splice(found, 1)[0]!;
        if (ended) throw new Error("stream ended");
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no matching message in time");
        const chunk = await read(left);
        if (chunk === null) continue;
        if (chunk.done) {
          ended = true;
          continue;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          queue.push(parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
    },
    /** Waits for the end of the stream; true when it ended within `timeoutMs`. */
    async end(timeoutMs = 5000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!ended && Date.now() < deadline) {
        const chunk = await read(100);
        if (chunk?.done) ended = true;
      }
      return ended;
    },
    cancel: () => reader.cancel(),
  };
}

const captureOf = (snapshotId: number) => (m: Message) => m.event === "capture" && (m.data as { snapshotId: number }).snapshotId === snapshotId;

describe("parsing the request", () => {
  it("reads cursors (event ids) and refuses anything else", () => {
    expect(parseCursor("1764000000000")?.toISOString()).toBe("2025-11-24T16:00:00.000Z");
    for (const bad of [null, "", "abc", "-5", "1.5", "0", "99999999999999999"]) expect(parseCursor(bad)).toBeNull();
  });

  it("reads the entry filter, refusing malformed lists", () => {
    expect(parseLinkFilter(null)).toEqual({});
    expect(parseLinkFilter("3,1, 3")).toEqual({ ids: [3, 1] });
    for (const bad of ["", "a", "1,,x", "0", "-1", "1.5", Array.from({ length: 201 }, (_, i) => i + 1).join(",")]) {
      expect(parseLinkFilter(bad)).toHaveProperty("error");
    }
  });
});

describe("captureEventStream", () => {
  it("sends each state change of the filtered entries once, with the cursor as id, and stops when the client leaves", async () => {
    const { linkId } = await addEntry({ url: "https://example.org/live-one", tags: [] });
    const other = await addEntry({ url: "https://example.org/live-other", tags: [] });
    const snapshot = (await prisma.snapshot.findFirstOrThrow({ where: { linkId } })).id;
    const otherSnapshot = (await prisma.snapshot.findFirstOrThrow({ where: { linkId: other.linkId } })).id;
    const client = new AbortController();
    const sse = sseReader(captureEventStream({ since: null, linkIds: [linkId], signal: client.signal, pollMs: 50 }));

    const first = await sse.next(captureOf(snapshot));
    expect(first.data).toMatchObject({ linkId, snapshotId: snapshot, status: "queued", stage: null, jobState: "queued" });
    expect(parseCursor(first.id)).toBeInstanceOf(Date);

    await prisma.snapshot.update({ where: { id: snapshot }, data: { status: "capturing", stage: "loading" } });
    await touchJob(prisma, snapshot);
    await prisma.snapshot.update({ where: { id: otherSnapshot }, data: { status: "capturing", stage: "loading" } });
    await touchJob(prisma, otherSnapshot);
    const loading = await sse.next(captureOf(snapshot));
    expect(loading.data).toMatchObject({ status: "capturing", stage: "loading" });
    expect(Number(loading.id)).toBeGreaterThanOrEqual(Number(first.id));

    expect(await cancelCapture({ linkId })).toEqual([snapshot]);
    const cancelled = await sse.next(captureOf(snapshot));
    expect(cancelled.data).toMatchObject({ status: "failed", error: "Cancelled", jobState: "cancelled" });

    // The trailing cursor reports these rows again on later polls: they must not be sent twice; and the other
    // entry is outside the filter.
    await expect(sse.next((m) => m.event === "capture", 2600)).rejects.toThrow("no matching message");

    client.abort();
    expect(await sse.end()).toBe(true);
  });

  it("resumes after a cursor without replaying older changes, and ends on its own after its lifetime", async () => {
    const { linkId } = await addEntry({ url: "https://example.org/live-resume", tags: [] });
    const snapshot = (await prisma.snapshot.findFirstOrThrow({ where: { linkId } })).id;
    // A cursor taken now is past the creation's two-second trail only once that has passed.
    await new Promise((r) => setTimeout(r, 2100));
    const resumeAt = new Date();
    const sse = sseReader(captureEventStream({ since: resumeAt, linkIds: [linkId], pollMs: 50, lifetimeMs: 3000, heartbeatMs: 200 }));
    expect(await sse.next((m) => m.comment === "connected")).toBeTruthy();
    // Its queued state dates from before the cursor: not replayed.
    await expect(sse.next(captureOf(snapshot), 700)).rejects.toThrow("no matching message");
    await prisma.snapshot.update({ where: { id: snapshot }, data: { status: "capturing", stage: "saving" } });
    await touchJob(prisma, snapshot);
    const saving = await sse.next(captureOf(snapshot));
    expect(saving.data).toMatchObject({ status: "capturing", stage: "saving" });
    const heartbeat = await sse.next((m) => m.comment === "heartbeat");
    expect(parseCursor(heartbeat.id)).toBeInstanceOf(Date);
    expect(await sse.end(6000)).toBe(true);
  });
});

describe("shared polling and the per-user cap", () => {
  it("serves 40 open streams from one database poll per interval, each with the entries it asked for", async () => {
    const entries = await Promise.all(Array.from({ length: 4 }, (_, i) => addEntry({ url: `https://example.org/shared-${i}`, tags: [] })));
    const snapshots = await Promise.all(entries.map((e) => prisma.snapshot.findFirstOrThrow({ where: { linkId: e.linkId } })));
    let polls = 0;
    // The real query on the real database, counted.
    const poller = new CapturePoller(100, (since) => {
      polls++;
      return captureUpdatesSince(since);
    });
    const client = new AbortController();
    const streams = Array.from({ length: 40 }, (_, i) =>
      sseReader(captureEventStream({ since: new Date(), linkIds: [entries[i % 4]!.linkId], signal: client.signal, poller })),
    );
    await Promise.all(streams.map((s) => s.next((m) => m.comment === "connected")));
    await new Promise((r) => setTimeout(r, 300));
    for (const snapshot of snapshots) {
      await prisma.snapshot.update({ where: { id: snapshot.id }, data: { status: "capturing", stage: "scrolling" } });
      await touchJob(prisma, snapshot.id);
    }
    const before = polls;
    const startedAt = Date.now();
    const got = await Promise.all(streams.map((s, i) => s.next(captureOf(snapshots[i % 4]!.id))));
    expect(got.every((m, i) => (m.data as { linkId: number }).linkId === entries[i % 4]!.linkId)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const elapsed = Date.now() - startedAt;
    // One poll per 100 ms interval (a poll's own time stretches the interval), never one per stream.
    expect(polls - before).toBeGreaterThan(0);
    expect(polls - before).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(poller.listeners).toBe(40);
    // No stream got another entry's update.
    for (const [i, s] of streams.entries()) {
      const others = snapshots.filter((_, k) => k !== i % 4).map((x) => x.id);
      await expect(s.next((m) => m.event === "capture" && others.includes((m.data as { snapshotId: number }).snapshotId), 50)).rejects.toThrow();
    }
    client.abort();
    await Promise.all(streams.map((s) => s.end()));
    const afterClose = polls;
    await new Promise((r) => setTimeout(r, 400));
    expect(polls).toBe(afterClose); // nobody listens: no polling
  });

  it("lets one user open six streams; the seventh is refused until one closes", async () => {
    const clients = Array.from({ length: MAX_CAPTURE_STREAMS }, () => new AbortController());
    const open = clients.map((c) => userCaptureEventStream(4242, { since: new Date(), signal: c.signal, pollMs: 100 }));
    expect(open.every((s) => s !== null)).toBe(true);
    expect(userCaptureEventStream(4242, { since: new Date(), pollMs: 100 })).toBeNull();
    // Another user is not affected.
    const other = new AbortController();
    expect(userCaptureEventStream(4343, { since: new Date(), signal: other.signal, pollMs: 100 })).not.toBeNull();
    clients[0]!.abort();
    const again = new AbortController();
    const reopened = userCaptureEventStream(4242, { since: new Date(), signal: again.signal, pollMs: 100 });
    expect(reopened).not.toBeNull();
    // A stream that ends by being cancelled gives its slot back as well.
    await open[1]!.cancel();
    const third = new AbortController();
    expect(userCaptureEventStream(4242, { since: new Date(), signal: third.signal, pollMs: 100 })).not.toBeNull();
    for (const c of [...clients, other, again, third]) c.abort();
  });
});
