import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

// A note is the reader's Markdown. It is rendered to HTML and then sanitized: raw HTML in a note, `javascript:`
// links and event attributes never reach the page.

const ALLOWED = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title"] },
  allowedSchemes: ["http", "https", "mailto"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }) },
} satisfies sanitizeHtml.IOptions;

export function noteHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, { ...ALLOWED, allowedAttributes: { a: ["href", "title", "rel", "target"] } });
}
