import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCss, escapeAttribute, escapeRawStyle, imagePixelWidth, mimeFor, sniffMime, toDataUrl } from "./data-url";

const img = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../../../../bench/corpus/img", name));

describe("data-url helpers", () => {
  it("reads the pixel width of PNG, JPEG and GIF headers", () => {
    expect(imagePixelWidth(img("chart.png"))).toBe(400);
    expect(imagePixelWidth(img("hero-1600.jpg"))).toBe(1600);
    expect(imagePixelWidth(img("placeholder.gif"))).toBe(1);
    expect(imagePixelWidth(Buffer.from("<svg/>"))).toBeNull();
    expect(imagePixelWidth(img("photo.jpg").subarray(0, 40))).toBeNull();
  });

  it("sniffs images and fonts, and trusts a plausible declared type otherwise", () => {
    expect(sniffMime(img("photo.jpg"))).toBe("image/jpeg");
    expect(sniffMime(Buffer.from("wOF2\0\0"))).toBe("font/woff2");
    expect(sniffMime(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("image/svg+xml");
    expect(mimeFor({ contentType: "application/octet-stream", body: img("chart.png") })).toBe("image/png");
    expect(mimeFor({ contentType: "text/html; charset=utf-8", body: Buffer.from("<svg viewBox='0 0 1 1'></svg>") })).toBe("image/svg+xml");
    expect(mimeFor({ contentType: "font/woff2", body: Buffer.from("wOF2") })).toBe("font/woff2");
    expect(toDataUrl({ contentType: "image/svg+xml; charset=utf-8", body: Buffer.from("<svg/>") })).toBe("data:image/svg+xml;base64,PHN2Zy8+");
  });

  it("decodes stylesheets by BOM, Content-Type charset, then @charset", () => {
    const latin1 = Buffer.from([
      0x2e, 0x61, 0x3a, 0x3a, 0x62, 0x65, 0x66, 0x6f, 0x72, 0x65, 0x7b, 0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x3a, 0x22, 0xe9, 0x22, 0x7d,
    ]);
    expect(decodeCss({ contentType: "text/css; charset=iso-8859-1", body: latin1 })).toBe('.a::before{content:"é"}');
    const declared = Buffer.concat([Buffer.from('@charset "windows-1252";'), latin1]);
    expect(decodeCss({ contentType: "text/css", body: declared })).toContain('"é"');
    expect(decodeCss({ contentType: "text/css", body: Buffer.from("\ufeff.b{}") })).toBe(".b{}");
  });

  it("escapes for attributes and raw <style> text", () => {
    expect(escapeAttribute(`<p title="a&b">`)).toBe("<p title=&quot;a&amp;b&quot;>");
    expect(escapeRawStyle(`a{content:"</style><script>"}`)).toBe(`a{content:"<\\/style><script>"}`);
  });
});
