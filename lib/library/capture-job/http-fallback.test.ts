import { describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";

useTempDataDir({});

const { db } = await import("@/lib/db/client");
const { CaptureError } = await import("@/lib/capture/errors");
const { addEntry } = await import("@/lib/library/entries");
const { switchToHttp } = await import("./http-fallback");

const noTls = new CaptureError("TLS error: write EPROTO 0A00010B:SSL routines:ssl3_get_record:wrong version number", false);
const refused = new CaptureError("Connection refused by the server.", true);

async function linkOf(url: string, schemeGuessed: boolean) {
  const { linkId } = await addEntry({ url, tags: [], schemeGuessed });
  return db().link.findUniqueOrThrow({ where: { id: linkId } });
}

describe("switchToHttp", () => {
  it("turns a guessed https address whose server speaks no TLS into the http one, once", async () => {
    const link = await linkOf("https://plain.example/a", true);
    expect(await switchToHttp(link, noTls)).toBe("http://plain.example/a");
    expect(await db().link.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ url: "http://plain.example/a", schemeGuessed: false });
    // The same (now stale) row read again does not switch a second time.
    expect(await switchToHttp(link, noTls)).toBeNull();
  });

  it("never downgrades an address typed with https://, nor for another kind of failure", async () => {
    expect(await switchToHttp(await linkOf("https://typed.example/a", false), noTls)).toBeNull();
    expect(await switchToHttp(await linkOf("https://closed.example/a", true), refused)).toBeNull();
    expect((await db().link.findFirstOrThrow({ where: { url: { contains: "typed.example" } } })).url).toBe("https://typed.example/a");
  });

  it("leaves the address when another entry already has the http one", async () => {
    await linkOf("http://both.example/a", false);
    const guessed = await linkOf("https://both.example/a", true);
    expect(await switchToHttp(guessed, noTls)).toBeNull();
    expect((await db().link.findUniqueOrThrow({ where: { id: guessed.id } })).url).toBe("https://both.example/a");
  });
});
