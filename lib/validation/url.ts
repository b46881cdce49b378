import { z } from "@/lib/validation/zod";
import { v } from "./messages";

export const MAX_URL_LENGTH = 2048;

/**
 * Canonical form used as the unique key of a link: lowercase scheme and host (the URL parser does that),
 * default port and fragment dropped. Path and query stay as typed: they can be case-sensitive.
 */
export function normalizeUrl(input: string): string {
  const url = new URL(input.trim());
  url.hash = "";
  // WHATWG URL already blanks the default port for http/https; a trailing dot on the host is the same host.
  if (url.hostname.endsWith(".")) url.hostname = url.hostname.slice(0, -1);
  return url.toString();
}

// "localhost:3000/x" and "intranet:8080" read as a scheme ("localhost:") to the URL parser; a name followed by a
// port number is a host.
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d+(?:[/?#]|$))/i;

/**
 * True when a pasted address has no scheme ("example.com/page", "localhost:3000"), so https is assumed. The capture
 * may then fall back to http when the server does not speak TLS; for other schemes nothing is guessed.
 */
export function assumesHttps(input: string): boolean {
  return !HAS_SCHEME.test(input.trim());
}

function parseOrNull(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** A pasted web address: refuses what does not parse, has no host, or is not http(s). Outputs the normalized URL. */
export const webUrlSchema = z
  .string({ error: v("urlRequired") })
  .trim()
  .min(1, v("urlRequired"))
  .max(MAX_URL_LENGTH, v("urlTooLong"))
  .transform((value, ctx) => {
    const candidate = assumesHttps(value) ? `https://${value}` : value;
    const url = parseOrNull(candidate);
    if (!url) {
      ctx.addIssue({ code: "custom", message: v("urlInvalid") });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: v("urlScheme"), params: { scheme: url.protocol } });
      return z.NEVER;
    }
    if (!url.hostname) {
      ctx.addIssue({ code: "custom", message: v("urlNoHost") });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: v("urlCredentials") });
      return z.NEVER;
    }
    return normalizeUrl(url.toString());
  });
