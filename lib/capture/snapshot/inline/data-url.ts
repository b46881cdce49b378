/** Turning recorded response bodies into data: URLs and text (pure helpers, no I/O). */

export type BodyLike = { contentType: string; body: Buffer };

/** The MIME type to put in a data: URL: the declared one when it is plausible, otherwise sniffed from the bytes. */
export function mimeFor(resource: BodyLike): string {
  const declared = resource.contentType.split(";")[0]!.trim().toLowerCase();
  const sniffed = sniffMime(resource.body);
  if (sniffed && (!declared || declared === "application/octet-stream" || declared === "text/plain" || declared === "binary/octet-stream")) {
    return sniffed;
  }
  // SVG needs its own type to render as an image; servers often label it text/xml or text/html.
  if (sniffed === "image/svg+xml" && !declared.includes("svg")) return sniffed;
  if (/^[\w.+-]+\/[\w.+-]+$/.test(declared)) return declared;
  return sniffed ?? "application/octet-stream";
}

/** Recognises the formats a snapshot inlines: images and web fonts. */
export function sniffMime(body: Buffer): string | null {
  if (body.length >= 8 && body.readUInt32BE(0) === 0x89504e47) return "image/png";
  if (body.length >= 3 && body[0] === 0xff && body[1] === 0xd8 && body[2] === 0xff) return "image/jpeg";
  if (body.length >= 6 && body.toString("latin1", 0, 4) === "GIF8") return "image/gif";
  if (body.length >= 12 && body.toString("latin1", 0, 4) === "RIFF" && body.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  if (body.length >= 12 && body.toString("latin1", 4, 8) === "ftyp") {
    const brand = body.toString("latin1", 8, 12);
    if (brand === "avif" || brand === "avis") return "image/avif";
  }
  if (body.length >= 4 && body.readUInt32BE(0) === 0x00000100) return "image/x-icon";
  if (body.length >= 4) {
    const magic = body.toString("latin1", 0, 4);
    if (magic === "wOF2") return "font/woff2";
    if (magic === "wOFF") return "font/woff";
    if (magic === "OTTO") return "font/otf";
    if (magic === "true" || body.readUInt32BE(0) === 0x00010000) return "font/ttf";
  }
  const head = body
    .toString("utf8", 0, Math.min(body.length, 512))
    .replace(/^\ufeff/, "")
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return "image/svg+xml";
  return null;
}

export function toDataUrl(resource: BodyLike): string {
  return `data:${mimeFor(resource)};base64,${resource.body.toString("base64")}`;
}

/** Decodes a stylesheet body: BOM first, then the Content-Type charset, then `@charset`, else UTF-8. */
export function decodeCss(resource: BodyLike): string {
  const body = resource.body;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.toString("utf8", 3);
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return decode(body.subarray(2), "utf-16be");
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return decode(body.subarray(2), "utf-16le");
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(resource.contentType)?.[1];
  const atCharset = /^@charset "([\w.:-]+)";/.exec(body.toString("latin1", 0, 64))?.[1];
  return decode(body, declared ?? atCharset ?? "utf-8");
}

function decode(body: Buffer, label: string): string {
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return body.toString("utf8");
  }
}

/** Pixel width of a PNG, GIF, JPEG or WebP from its header, or null (other formats, truncated data). */
export function imagePixelWidth(body: Buffer): number | null {
  try {
    const mime = sniffMime(body);
    if (mime === "image/png") return body.readUInt32BE(16);
    if (mime === "image/gif") return body.readUInt16LE(6);
    if (mime === "image/webp") {
      const chunk = body.toString("latin1", 12, 16);
      if (chunk === "VP8 ") return body.readUInt16LE(26) & 0x3fff;
      if (chunk === "VP8L") return 1 + (((body[22]! & 0x3f) << 8) | body[21]!);
      if (chunk === "VP8X") return 1 + body.readUIntLE(24, 3);
      return null;
    }
    if (mime === "image/jpeg") {
      let i = 2;
      while (i + 9 < body.length) {
        if (body[i] !== 0xff) return null;
        const marker = body[i + 1]!;
        if (marker === 0xff) {
          i++;
          continue;
        }
        const length = body.readUInt16BE(i + 2);
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return body.readUInt16BE(i + 7);
        }
        i += 2 + length;
      }
    }
  } catch {
    return null;
  }
  return null;
}

/** Escapes text for a double-quoted HTML attribute value. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/\u00a0/g, "&nbsp;");
}

/** Escapes text for the content of an element in foreign (SVG) content, where `<style>` is not raw text. */
export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Keeps stylesheet text from closing the `<style>` element it is placed in. */
export function escapeRawStyle(css: string): string {
  return css.replace(/<\/(style)/gi, "<\\/$1");
}
