import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalFileStore } from "./file-store";
import { fileStoreContract } from "./testing";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kura-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("LocalFileStore", () => {
  const store = new LocalFileStore(root);

  it("writes atomically and reports size and hash", async () => {
    const written = await store.write("snapshots/1/2/page.html", "<p>hi</p>");
    expect(written).toEqual({
      path: "snapshots/1/2/page.html",
      bytes: 9,
      sha256: crypto.createHash("sha256").update("<p>hi</p>").digest("hex"),
    });
    expect((await store.read("snapshots/1/2/page.html")).toString()).toBe("<p>hi</p>");
    const leftovers = fs.readdirSync(path.join(root, "snapshots/1/2")).filter((f) => f.endsWith(".tmp"));
    expect(leftovers).toEqual([]);
  });

  it("refuses paths that escape the data folder", () => {
    expect(() => store.resolve("../etc/passwd")).toThrow(/outside the data folder/);
    expect(() => store.resolve("/etc/passwd")).toThrow(/outside the data folder/);
  });

  it("removes a folder tree", async () => {
    await store.write("snapshots/9/1/a.txt", "x");
    await store.removeTree("snapshots/9");
    expect(fs.existsSync(path.join(root, "snapshots/9"))).toBe(false);
  });
});

describe("LocalFileStore contract", () => {
  fileStoreContract(() => new LocalFileStore(fs.mkdtempSync(path.join(root, "contract-"))));
});
