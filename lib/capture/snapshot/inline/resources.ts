import type { RecordedResource, ResourceStore } from "../../network/resource-store";
import { rewriteCss, stripHash, type ImportedSheet } from "./css";
import { decodeCss, imagePixelWidth, toDataUrl } from "./data-url";

/** Custom elements that were not `:defined` when captured carry data-kura-undefined (see dom-snapshot.ts). */
const DEFINED_SELECTOR = ":not([data-kura-undefined])";

export type InlinerOptions = {
  /** Media (video/audio) bodies larger than this are not inlined (their poster still is). */
  maxMediaBytes?: number;
};

/**
 * Answers "what goes in the snapshot for this URL" from the recorded bodies only (never the network),
 * memoised per URL so a font or sprite used many times is encoded once.
 */
export class ResourceInliner {
  private readonly dataUrls = new Map<string, string | null>();
  private readonly sheets = new Map<string, string | null>();
  private readonly maxMediaBytes: number;

  constructor(
    private readonly store: ResourceStore,
    options: InlinerOptions = {},
  ) {
    this.maxMediaBytes = options.maxMediaBytes ?? 16 * 1024 * 1024;
  }

  lookup(url: string): RecordedResource | undefined {
    const key = stripHash(url);
    const found = this.store.get(key);
    if (found) return found;
    // Recorded URLs are as the browser requested them; tolerate an encoding difference.
    try {
      const normalized = new URL(key).href;
      if (normalized !== key) return this.store.get(normalized);
    } catch {
      return undefined;
    }
    return undefined;
  }

  /** A data: URL of the recorded body, or null when nothing was recorded for `url`. */
  dataUrl(url: string): string | null {
    const key = stripHash(url);
    let value = this.dataUrls.get(key);
    if (value === undefined) {
      const resource = this.lookup(key);
      value = resource ? toDataUrl(resource) : null;
      this.dataUrls.set(key, value);
    }
    // An SVG fragment (#view, #icon) still selects inside an inlined SVG document.
    const hash = url.slice(key.length);
    return value && hash.length > 1 && value.startsWith("data:image/svg+xml") ? value + hash : value;
  }

  /** Like dataUrl, but video/audio bodies over the media cap (or partial 206 bodies) are left out. */
  mediaDataUrl(url: string): string | null {
    const resource = this.lookup(url);
    if (!resource || resource.status !== 200 || resource.body.length > this.maxMediaBytes) return null;
    return this.dataUrl(url);
  }

  /** Pixel width of a recorded image (PNG, GIF, JPEG, WebP), to keep the density an image was shown at. */
  imageWidth(url: string): number | null {
    const resource = this.lookup(url);
    return resource ? imagePixelWidth(resource.body) : null;
  }

  /** The text of a recorded stylesheet, decoded, with its imports and url()s inlined; null when unknown. */
  stylesheet(url: string): string | null {
    const key = stripHash(url);
    let value = this.sheets.get(key);
    if (value === undefined) {
      const source = this.sheetSource(key);
      value = source ? this.rewrite(source.text, source.url) : null;
      this.sheets.set(key, value);
    }
    return value;
  }

  /** Rewrites CSS found in the page (a `<style>`, a style attribute, CSSOM text) against `baseUrl`. */
  rewrite(css: string, baseUrl: string): string {
    return rewriteCss(css, {
      baseUrl,
      resolveUrl: (absolute) => this.dataUrl(absolute),
      loadImport: (absolute) => this.sheetSource(absolute),
      definedSelector: DEFINED_SELECTOR,
    });
  }

  private sheetSource(url: string): ImportedSheet | null {
    const resource = this.lookup(url);
    if (!resource) return null;
    return { text: decodeCss(resource), url: resource.url };
  }
}
