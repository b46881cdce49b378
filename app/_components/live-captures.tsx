"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { CaptureEvent } from "@/lib/library/capture-events";
import { isFinalStatus, isPendingStatus } from "@/lib/library/vocabulary";
import { pendingRetry, type PendingRetry } from "@/lib/library/retry";

/** An entry's latest snapshot as the server rendered it. */
export type KnownCapture = { linkId: number; snapshotId: number | null; status: string };

type Live = ReadonlyMap<number, CaptureEvent>;

const LiveContext = createContext<Live>(new Map());

const ERRORS_BEFORE_POLLING = 3;
const POLL_MS = 2000;

/**
 * One EventSource per page while some shown entry is being captured: states update in place, and when an entry
 * finishes the page is re-rendered once from the server (its thumbnail and text appear). If the event stream keeps
 * failing (a proxy that buffers it, say), falls back to re-rendering every two seconds.
 */
export function LiveCaptures({ known, since, children }: { known: KnownCapture[]; since: number; children: ReactNode }) {
  const router = useRouter();
  const [live, setLive] = useState<Live>(new Map());
  // The stream's state while subscribed; each subscription starts "connecting" (the cleanup resets it for the next).
  const [connection, setConnection] = useState<"connecting" | "open" | "polling">("connecting");
  const [received, setReceived] = useState(0);
  const knownRef = useRef(known);
  // Read when (re)connecting only: a re-render from the server must not restart the stream.
  const sinceRef = useRef(since);
  useEffect(() => {
    knownRef.current = known;
    sinceRef.current = since;
  }, [known, since]);
  const active = known.some((k) => isPendingStatus(k.status));
  const linkIds = [...new Set(known.map((k) => k.linkId))].sort((a, b) => a - b).join(",");
  const subscribed = active && linkIds !== "";

  useEffect(() => {
    if (!subscribed) return;
    let source: EventSource | null = null;
    let poller: ReturnType<typeof setInterval> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let errors = 0;
    const refreshed = new Set<number>();
    const refreshSoon = () => {
      // Several entries finishing together cost one re-render.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => router.refresh(), 150);
    };
    source = new EventSource(`/api/captures/events?links=${linkIds}&since=${sinceRef.current}`);
    source.onopen = () => {
      errors = 0;
      setConnection("open");
    };
    source.addEventListener("capture", (message) => {
      errors = 0;
      let event: CaptureEvent;
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as CaptureEvent;
      } catch {
        return;
      }
      setReceived((n) => n + 1);
      setLive((previous) => {
        const current = previous.get(event.linkId);
        if (current && current.snapshotId > event.snapshotId) return previous;
        const next = new Map(previous);
        next.set(event.linkId, event);
        return next;
      });
      if (isFinalStatus(event.status) && !refreshed.has(event.snapshotId)) {
        const server = knownRef.current.find((k) => k.snapshotId === event.snapshotId);
        if (!server || !isFinalStatus(server.status)) {
          refreshed.add(event.snapshotId);
          refreshSoon();
        }
      }
    });
    source.onerror = () => {
      // EventSource reconnects by itself (also after the server ends a stream at its lifetime); only repeated
      // failures without a successful connection in between mean the stream does not get through.
      errors++;
      if (errors >= ERRORS_BEFORE_POLLING && source) {
        source.close();
        source = null;
        setConnection("polling");
        poller = setInterval(() => router.refresh(), POLL_MS);
      } else {
        setConnection("connecting");
      }
    };
    return () => {
      source?.close();
      clearInterval(poller);
      clearTimeout(refreshTimer);
      setConnection("connecting");
    };
  }, [subscribed, linkIds, router]);

  return (
    <LiveContext.Provider value={live}>
      <div data-testid="live-captures" data-connection={subscribed ? connection : "idle"} data-received={received} className="contents">
        {children}
      </div>
    </LiveContext.Provider>
  );
}

/**
 * The live state of an entry's latest snapshot: the server's, or a newer one from the event stream. Live updates
 * of an older snapshot than the server's (before a re-capture) are ignored.
 */
export function useLiveCapture(
  linkId: number,
  server: { snapshotId: number | null; status: string; stage?: string | null; error?: string | null; retry?: PendingRetry | null },
) {
  const event = useContext(LiveContext).get(linkId);
  if (!event || serverIsNewer(server, event)) {
    return {
      snapshotId: server.snapshotId,
      status: server.status,
      stage: server.stage ?? null,
      error: server.error ?? null,
      retry: server.retry ?? null,
      live: false,
    };
  }
  // Every event carries its Job row's state, attempts and next run time: the retry is read from them as it changes.
  const retry = pendingRetry(event, { state: event.jobState, attempts: event.attempts, maxAttempts: event.maxAttempts, runAt: event.runAt });
  return { snapshotId: event.snapshotId, status: event.status, stage: event.stage, error: event.error, retry, live: true };
}

/** Live states of several entries (for the batch progress bar). */
export function useLiveCaptures(known: KnownCapture[]): KnownCapture[] {
  const live = useContext(LiveContext);
  return known.map((k) => {
    const event = live.get(k.linkId);
    if (!event || serverIsNewer(k, event)) return k;
    return { linkId: k.linkId, snapshotId: event.snapshotId, status: event.status };
  });
}

/**
 * Whether the server's render is at least as current as the last event: a newer snapshot (re-capture), or the same
 * one in a final state. A final state never goes back; the stream closes once nothing is pending, so an older
 * "capturing" event could otherwise outlive a cancel or finish that a server re-render already shows.
 */
function serverIsNewer(server: { snapshotId: number | null; status: string }, event: CaptureEvent): boolean {
  if (server.snapshotId === null) return false;
  if (event.snapshotId !== server.snapshotId) return event.snapshotId < server.snapshotId;
  return isFinalStatus(server.status);
}
