// Bytes of an uploaded file to text. Exports are UTF-8 (some with a byte-order mark), but older browsers and
// Windows tools wrote bookmark files in the system's legacy encoding and said so in a <meta> tag (GBK, Shift_JIS …).

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The charset an HTML file declares in its first bytes (`<meta charset>` or the http-equiv Content-Type). */
export function declaredCharset(head: string): string | null {
  for (const meta of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const found = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(meta);
    if (found) return found[1]!.toLowerCase();
  }
  return null;
}

function decoderFor(label: string | null): TextDecoder {
  if (label) {
    try {
      return new TextDecoder(label);
    } catch (error) {
      // An unknown label (a typo in the file) reads as UTF-8, what nearly every export is.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return new TextDecoder("utf-8");
}

export function decodeImportBytes(bytes: Uint8Array): string {
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  // The declaration is ASCII in every encoding concerned, so a latin1 view of the head finds it.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString("latin1");
  return decoderFor(declaredCharset(head)).decode(bytes);
}
