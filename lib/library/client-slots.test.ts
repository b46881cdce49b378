import { describe, expect, it } from "vitest";
import { ClientSlots } from "./client-slots";

describe("ClientSlots", () => {
  it("lets `limit` reads in, queues the next ones first come first served, and hands a freed slot to the first", async () => {
    const slots = new ClientSlots(2, 4);
    const a = (await slots.acquireWithin("u", 1_000))!;
    const b = (await slots.acquireWithin("u", 1_000))!;
    expect(slots.openFor("u")).toBe(2);
    const order: string[] = [];
    const third = slots.acquireWithin("u", 1_000).then((r) => (order.push("third"), r));
    const fourth = slots.acquireWithin("u", 1_000).then((r) => (order.push("fourth"), r));
    expect(slots.waitingFor("u")).toBe(2);
    a();
    a(); // a second call gives nothing back twice
    const thirdRelease = await third;
    expect(thirdRelease).toBeTypeOf("function");
    expect(order).toEqual(["third"]);
    expect(slots.openFor("u")).toBe(2);
    b();
    expect(await fourth).toBeTypeOf("function");
    expect(order).toEqual(["third", "fourth"]);
    expect(slots.waitingFor("u")).toBe(0);
  });

  it("gives up after the wait, when the request is aborted, or when too many already wait", async () => {
    const slots = new ClientSlots(1, 1);
    const held = slots.acquire("u")!;
    const started = Date.now();
    expect(await slots.acquireWithin("u", 50)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(slots.waitingFor("u")).toBe(0);

    const abort = new AbortController();
    const aborted = slots.acquireWithin("u", 10_000, abort.signal);
    expect(await slots.acquireWithin("u", 10_000)).toBeNull(); // the one waiting place is taken
    abort.abort();
    expect(await aborted).toBeNull();
    expect(slots.waitingFor("u")).toBe(0);

    // Nobody waits any more: giving the slot back frees it.
    held();
    expect(slots.openFor("u")).toBe(0);
    expect(slots.acquire("u")).toBeTypeOf("function");
  });

  it("counts each client on its own", async () => {
    const slots = new ClientSlots(1, 0);
    expect(slots.acquire("a")).toBeTypeOf("function");
    expect(await slots.acquireWithin("a", 10)).toBeNull();
    expect(await slots.acquireWithin("b", 10)).toBeTypeOf("function");
  });
});
