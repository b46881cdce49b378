import { describe, expect, it } from "vitest";
import { contentDisposition } from "./snapshot-files";

describe("contentDisposition", () => {
  it("strips bidi overrides, isolates and marks so a name cannot disguise its extension", () => {
    const header = contentDisposition("invoice\u202Efdp.exe");
    expect(header).toBe(`attachment; filename="invoice_fdp.exe"; filename*=UTF-8''invoice_fdp.exe`);
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F"]) {
      expect(decodeURIComponent(contentDisposition(`a${c}b.pdf`).split("''")[1]!)).toBe("a_b.pdf");
    }
  });

  it("strips C0 and C1 controls and keeps other Unicode exactly", () => {
    expect(decodeURIComponent(contentDisposition("a\u0000\u001b\u0085\u009fb.txt").split("''")[1]!)).toBe("a____b.txt");
    expect(decodeURIComponent(contentDisposition("蔵の記録.pdf").split("''")[1]!)).toBe("蔵の記録.pdf");
  });
});
