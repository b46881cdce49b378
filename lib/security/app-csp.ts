/**
 * The Content Security Policy of the app's own pages (not of archive files: those carry a sandbox policy of their
 * own, see lib/library/snapshot-files.ts, because the app's viewer frames them).
 *
 * Scripts run only with the request's nonce; 'strict-dynamic' lets those scripts load the framework's chunks, so no
 * host list is needed (and none could tell a chunk from any other same-origin file). Style attributes stay allowed:
 * the server renders a few (a tag's colour, a progress bar's width) and they cannot run code.
 */
export function appContentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // React rebuilds server error stacks with eval in development only.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The viewer frames /archive/* files, which are ours.
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable, and fresh for every page rendered. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The request header that carries the nonce from proxy.ts to the layout's inline scripts. */
export const NONCE_HEADER = "x-nonce";
