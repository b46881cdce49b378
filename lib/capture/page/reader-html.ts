import sanitizeHtml from "sanitize-html";
import { mimeFor, toDataUrl } from "../snapshot/inline/data-url";

/**
 * The reader view shows an article's markup inside the app's own pages, so it is held to a strict allowlist
 * (sanitize-html: a parser-based allowlist sanitizer that runs in Node without a DOM; the markup never reaches a
 * browser before it is clean). Structure, text, tables, code, figures, links and images only: no style, no class
 * or id (DOM clobbering), no script, frame, form, media or event handler. Links must be absolute http(s). Images
 * become data: URIs from bodies the capture browser already received, or are dropped: the reader never makes a
 * request to the original site.
 */

export type ImageSource = (url: string) => { contentType: string; body: Buffer } | undefined;

export type ReaderHtmlOptions = {
  /** The page's URL, to resolve relative links and images (Readability makes most absolute already). */
  baseUrl?: string;
  /** Looks up a received body by absolute URL; without it only images that already are data: URIs stay. */
  image?: ImageSource;
  /** Total bytes of images inlined as data: URIs; images past it are dropped. */
  maxImageBytes?: number;
};

const MAX_IMAGE_BYTES = 12 * 1024 * 1024;
const MAX_ONE_IMAGE_BYTES = 4 * 1024 * 1024;
const IMAGE_TYPES = /^image\/(png|jpe?g|gif|webp|avif|svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)$/i;

const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "blockquote",
  "pre",
  "code",
  "kbd",
  "samp",
  "var",
  "em",
  "strong",
  "b",
  "i",
  "u",
  "s",
  "del",
  "ins",
  "mark",
  "small",
  "sub",
  "sup",
  "q",
  "cite",
  "abbr",
  "time",
  "span",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "aside",
  "main",
  "figure",
  "figcaption",
  "img",
  "a",
  "table",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "colgroup",
  "col",
  "details",
  "summary",
  "ruby",
  "rt",
  "rp",
  "bdi",
  "bdo",
  "wbr",
];

/** Parsed once per call so the image budget is per document. */
export function sanitizeReaderHtml(html: string, options: ReaderHtmlOptions = {}): string {
  let budget = options.maxImageBytes ?? MAX_IMAGE_BYTES;

  const absolute = (value: string | undefined): URL | null => {
    if (!value) return null;
    try {
      return new URL(value.trim(), options.baseUrl);
    } catch {
      return null;
    }
  };

  const inlineImage = (attribs: Record<string, string>): string | null => {
    const candidates = [attribs.src, ...(attribs.srcset ?? "").split(",").map((c) => c.trim().split(/\s+/)[0])];
    for (const candidate of candidates) {
      if (!candidate) continue;
      if (/^data:image\/(png|jpe?g|gif|webp|avif|svg\+xml|bmp);base64,[a-z0-9+/=\s]+$/i.test(candidate.trim())) {
        const size = candidate.length;
        if (size > MAX_ONE_IMAGE_BYTES * 1.4 || size > budget) continue;
        budget -= size;
        return candidate.trim().replace(/\s+/g, "");
      }
      const url = absolute(candidate);
      if (!url || !/^https?:$/.test(url.protocol) || !options.image) continue;
      const found = options.image(url.href);
      if (!found || !IMAGE_TYPES.test(mimeFor(found))) continue;
      const size = Math.ceil(found.body.length / 3) * 4;
      if (found.body.length > MAX_ONE_IMAGE_BYTES || size > budget) continue;
      budget -= size;
      return toDataUrl(found);
    }
    return null;
  };

  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    // Text inside these is not article text (and svg/math could carry their own script or links).
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "svg", "math", "template", "iframe", "object", "embed", "select", "button", "title"],
    allowedAttributes: {
      "*": ["lang", "dir", "title"],
      a: ["href", "rel", "target"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan", "headers"],
      th: ["colspan", "rowspan", "scope", "headers"],
      col: ["span"],
      colgroup: ["span"],
      ol: ["start", "reversed", "type"],
      li: ["value"],
      time: ["datetime"],
      blockquote: [],
      q: [],
      pre: ["tabindex"],
      table: ["tabindex"],
    },
    allowedSchemes: ["http", "https"],
    allowedSchemesByTag: { img: ["data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    allowedStyles: {},
    transformTags: {
      // Code blocks and tables scroll sideways in the reader: focusable, so a keyboard can scroll them (WCAG 2.1.1).
      // Whatever tabindex the page had is replaced: nothing in an article may jump the tab order.
      pre: (tagName, attribs) => ({ tagName, attribs: { ...attribs, tabindex: "0" } }),
      table: (tagName, attribs) => ({ tagName, attribs: { ...attribs, tabindex: "0" } }),
      a: (tagName, attribs) => {
        const url = absolute(attribs.href);
        const href = url && /^https?:$/.test(url.protocol) ? url.href : undefined;
        const kept: Record<string, string> = { rel: "noopener noreferrer nofollow" };
        if (href) {
          kept.href = href;
          kept.target = "_blank";
        }
        if (attribs.title) kept.title = attribs.title;
        if (attribs.lang) kept.lang = attribs.lang;
        if (attribs.dir) kept.dir = attribs.dir;
        return { tagName, attribs: kept };
      },
      img: (tagName, attribs) => {
        const src = inlineImage(attribs);
        const kept: Record<string, string> = {};
        if (src) kept.src = src;
        for (const name of ["alt", "width", "height", "title", "lang", "dir"]) {
          const value = attribs[name];
          if (value !== undefined && (name === "width" || name === "height" ? /^\d{1,5}$/.test(value) : true)) kept[name] = value;
        }
        return { tagName, attribs: kept };
      },
    },
    // An image with nothing to show (not received, too big, not an image) is dropped rather than left to fetch.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  });
}
