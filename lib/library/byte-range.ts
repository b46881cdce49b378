import parseRange from "range-parser";

/** What a Range header asks of a file of `size` bytes: all of it, one inclusive byte range, or nothing it has. */
export type RangeRequest = { kind: "whole" } | { kind: "range"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * Only single byte ranges are answered with 206; a malformed header, another unit or several ranges get the whole
 * file (RFC 9110 lets a server ignore Range), so no multipart bodies are assembled in memory.
 */
export function rangeRequest(header: string | null | undefined, size: number): RangeRequest {
  if (!header) return { kind: "whole" };
  const parsed = parseRange(size, header, { combine: true });
  if (parsed === -1) return { kind: "unsatisfiable" };
  if (parsed === -2 || parsed.type !== "bytes" || parsed.length !== 1) return { kind: "whole" };
  const [only] = parsed;
  return { kind: "range", start: only!.start, end: only!.end };
}
