import { buffer } from "node:stream/consumers";
import { expect, it } from "vitest";
import type { FileStore } from "./file-store";

/**
 * The file-store contract: every FileStore implementation runs this same body against a real backend, so the
 * capture job, the file route and the sweep can rely on one behaviour whichever store the config chose.
 */
export function fileStoreContract(makeStore: () => FileStore): void {
  it("writes, reads back and reports size and hash", async () => {
    const store = makeStore();
    const written = await store.write("snapshots/1/2/page.html", "<p>héllo</p>");
    expect(written.bytes).toBe(Buffer.byteLength("<p>héllo</p>"));
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await store.read("snapshots/1/2/page.html")).toString("utf8")).toBe("<p>héllo</p>");
  });

  it("streams the whole file or an inclusive byte range", async () => {
    const store = makeStore();
    await store.write("snapshots/1/3/bytes.bin", Buffer.from("0123456789"));
    expect((await buffer(await store.stream("snapshots/1/3/bytes.bin"))).toString()).toBe("0123456789");
    expect((await buffer(await store.stream("snapshots/1/3/bytes.bin", { start: 2, end: 5 }))).toString()).toBe("2345");
    expect((await buffer(await store.stream("snapshots/1/3/bytes.bin", { start: 7 }))).toString()).toBe("789");
  });

  it("stats a file and says null for a missing one", async () => {
    const store = makeStore();
    await store.write("snapshots/1/4/a.txt", "abc");
    const found = await store.stat("snapshots/1/4/a.txt");
    expect(found?.bytes).toBe(3);
    expect(found?.modifiedAt).toBeInstanceOf(Date);
    expect(await store.stat("snapshots/1/4/missing.txt")).toBeNull();
  });

  it("touches a file: a newer modification time, the same bytes; false for a missing one", async () => {
    const store = makeStore();
    await store.write("snapshots/1/5/t.bin", Buffer.from("same bytes"));
    const before = (await store.stat("snapshots/1/5/t.bin"))!.modifiedAt.getTime();
    // S3 keeps LastModified to the second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.touch("snapshots/1/5/t.bin")).toBe(true);
    const after = await store.stat("snapshots/1/5/t.bin");
    expect(after!.modifiedAt.getTime()).toBeGreaterThan(before);
    expect((await store.read("snapshots/1/5/t.bin")).toString()).toBe("same bytes");
    expect(await store.touch("snapshots/1/5/missing.bin")).toBe(false);
  });

  it("fails to read or stream a missing file", async () => {
    const store = makeStore();
    await expect(store.read("snapshots/404/1/none.txt")).rejects.toThrow();
    await expect(store.stream("snapshots/404/1/none.txt")).rejects.toThrow();
  });

  it("lists keys under a prefix only, and deletes files and trees", async () => {
    const store = makeStore();
    await store.write("snapshots/7/1/a.txt", "a");
    await store.write("snapshots/7/2/b.txt", "b");
    await store.write("snapshots/70/1/c.txt", "c");
    expect(await store.list("snapshots/7")).toEqual(["snapshots/7/1/a.txt", "snapshots/7/2/b.txt"]);
    await store.delete("snapshots/7/1/a.txt");
    await store.delete("snapshots/7/1/a.txt"); // deleting twice is not an error
    expect(await store.list("snapshots/7")).toEqual(["snapshots/7/2/b.txt"]);
    await store.removeTree("snapshots/7");
    expect(await store.list("snapshots/7")).toEqual([]);
    expect(await store.list("snapshots/70")).toEqual(["snapshots/70/1/c.txt"]);
  });
}

export { startS3Server, s3Environment, s3StoreOn, type S3TestServer } from "./testing-s3";
