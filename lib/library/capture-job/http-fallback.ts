import { toCaptureError } from "@/lib/capture/errors";
import type { CaptureResult } from "@/lib/capture/types";
import { db } from "@/lib/db/client";
import { failureText } from "@/lib/i18n/failure-text";
import type { CaptureSource } from "./source";

// "example.com" pasted without a scheme is tried as https first. A server that answers plain HTTP on that port makes
// TLS fail with a protocol error ("wrong version number"), not a refusal: that is the one case where the http address
// is what the person meant. An address typed as https:// is never downgraded, and a guess is corrected only once.

type GuessedLink = { id: number; url: string; schemeGuessed: boolean };

/**
 * The entry's address becomes http:// when its https was a guess and the capture failed because the server does not
 * speak TLS, unless another entry already has the http address. Answers the new address, or null.
 */
export async function switchToHttp(link: GuessedLink, error: unknown): Promise<string | null> {
  if (!link.schemeGuessed || !link.url.startsWith("https://")) return null;
  if (failureText(toCaptureError(error).message).kind !== "notHttps") return null;
  const httpUrl = `http://${link.url.slice("https://".length)}`;
  return db().$transaction(async (tx) => {
    if (await tx.link.findUnique({ where: { url: httpUrl }, select: { id: true } })) return null;
    const { count } = await tx.link.updateMany({ where: { id: link.id, url: link.url, schemeGuessed: true }, data: { url: httpUrl, schemeGuessed: false } });
    return count === 1 ? httpUrl : null;
  });
}

/** Captures the source; when the guessed https fails as above, captures the http address instead (same attempt). */
export async function captureWithHttpFallback(
  link: GuessedLink,
  source: CaptureSource,
  capture: (source: CaptureSource) => Promise<CaptureResult>,
  options: { signal: AbortSignal; log: (line: string) => void },
): Promise<CaptureResult> {
  try {
    return await capture(source);
  } catch (error) {
    if (options.signal.aborted || source.html !== undefined) throw error;
    const httpUrl = await switchToHttp(link, error);
    if (!httpUrl) throw error;
    options.log(`${link.url} does not speak TLS (${toCaptureError(error).message}); it was pasted without a scheme, so ${httpUrl} is captured instead`);
    return capture({ ...source, url: httpUrl });
  }
}
