import type { IncomingMessage, ServerResponse } from "node:http";

export const EVENTS_PATH: string;
export const SESSION_COOKIE: string;
export const STREAMS_PER_CREDENTIAL: number;

/** `admit` is true when the request goes on to Next.js, false when the gate answered it. */
export function streamGate(options?: { limit?: number }): {
  admit(req: IncomingMessage, res: ServerResponse): boolean;
};
