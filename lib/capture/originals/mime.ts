import { sniffMime } from "../snapshot/inline/data-url";

// The type and the name a kept file is stored under.

export const IMAGE_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/svg+xml": "svg",
};

export function mimeOf(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/** Types Chromium shows as a document of its own; anything else it would download (or hand to a plugin). */
export function renderable(mime: string): boolean {
  if (mime === "") return true; // sniffed by the browser as a page
  if (mime.startsWith("text/")) return true;
  if (mime === "application/xhtml+xml" || mime === "application/xml" || mime === "application/json") return true;
  if (mime === "application/javascript" || mime === "application/ecmascript") return true;
  return mime.endsWith("+xml") || mime.endsWith("+json");
}

/** A raster image recognised by its bytes (the snapshot inliner's sniffer; SVG and fonts are not images here). */
export function sniffRasterImage(body: Buffer): string | null {
  const sniffed = sniffMime(body);
  return sniffed?.startsWith("image/") && sniffed !== "image/svg+xml" ? sniffed : null;
}

/** File name from Content-Disposition (filename* first) or the URL's last path segment; safe characters only. */
export function fileNameFrom(disposition: string | undefined, url: string): string {
  let name: string | null = null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)?'[^']*'([^;]+)/.exec(disposition ?? "");
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition ?? "");
  try {
    if (star?.[1]) name = decodeURIComponent(star[1].trim());
  } catch {
    name = null;
  }
  name ??= plain ? (plain[1] ?? plain[2] ?? "").trim() : null;
  if (!name) {
    try {
      const segment = new URL(url).pathname.split("/").filter(Boolean).pop();
      name = segment ? decodeURIComponent(segment) : null;
    } catch {
      name = null;
    }
  }
  return safeFileName(name ?? "") || "file";
}

// eslint-disable-next-line no-control-regex -- control characters in a server-sent file name are exactly what must be replaced
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f"<>:|?*;%]/g;

/** No path parts, no control or quoting characters, no leading dots; at most 120 characters. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base
    .replace(UNSAFE_IN_FILE_NAME, "_")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 120);
}

export function extensionOf(name: string): string | null {
  const match = /\.([a-z0-9]{1,8})$/i.exec(name);
  return match ? match[1]!.toLowerCase() : null;
}

export function withExtension(name: string, extension: string): string {
  return extensionOf(name) === extension || (extension === "jpg" && extensionOf(name) === "jpeg") ? name : `${name}.${extension}`;
}
