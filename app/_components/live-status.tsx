"use client";

import { useTranslations } from "next-intl";
import { cancelCaptureAction, retryCaptureAction } from "../_actions/capture";
import { StatusBadge } from "./status-badge";
import { FailureMessage } from "./failure-message";
import { useLiveCapture } from "./live-captures";
import { isPendingStatus, SNAPSHOT_STATUS } from "@/lib/library/vocabulary";
import type { PendingRetry } from "@/lib/library/retry";

type Server = { snapshotId: number | null; status: string; stage?: string | null; error?: string | null; retry?: PendingRetry | null };

/** The status badge of an entry's latest snapshot, kept current by the page's event stream. */
export function LiveStatusBadge({ linkId, ...server }: Server & { linkId: number }) {
  const state = useLiveCapture(linkId, server);
  return <StatusBadge status={state.status} stage={state.stage} error={state.error} />;
}

/**
 * Why the latest capture failed (shown as soon as it fails), and while it waits to try again by itself, why the last
 * attempt failed with the attempt to come and when.
 */
export function LiveCaptureError({ linkId, url, className, ...server }: Server & { linkId: number; url?: string; className?: string }) {
  const state = useLiveCapture(linkId, server);
  const retrying = state.retry !== null && state.status === SNAPSHOT_STATUS.queued;
  if ((state.status !== SNAPSHOT_STATUS.failed && !retrying) || !state.error) return null;
  return (
    <div className={className} data-testid={retrying ? "capture-retrying" : undefined}>
      <FailureMessage error={state.error} url={url} testId="entry-error" compact retry={retrying ? state.retry : null} />
    </div>
  );
}

/** The entry page's notice while its latest capture waits to try again by itself (it follows the live state). */
export function LiveCaptureRetry({ linkId, url, ...server }: Server & { linkId: number; url?: string }) {
  const state = useLiveCapture(linkId, server);
  if (state.status !== SNAPSHOT_STATUS.queued || !state.retry || !state.error) return null;
  return (
    <div role="status" data-testid="capture-retrying" className="min-w-0 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
      <FailureMessage error={state.error} url={url} retry={state.retry} />
    </div>
  );
}

const button = "min-h-6 rounded border border-stone-300 bg-white px-2 py-0.5 text-xs font-medium text-stone-700 hover:bg-stone-50";

/** Cancel while an entry is queued or capturing; Retry once it failed (editors). */
export function CaptureControls({ linkId, title, offerRetry = true, ...server }: Server & { linkId: number; title: string; offerRetry?: boolean }) {
  const t = useTranslations();
  const state = useLiveCapture(linkId, server);
  if (isPendingStatus(state.status)) {
    return (
      <EntryAction action={cancelCaptureAction} linkId={linkId} label={t("live.cancelLabel", { title })} text={t("live.cancel")} testId="cancel-capture" />
    );
  }
  if (offerRetry && state.status === SNAPSHOT_STATUS.failed) {
    return <EntryAction action={retryCaptureAction} linkId={linkId} label={t("live.retryLabel", { title })} text={t("live.retry")} testId="retry-capture" />;
  }
  return null;
}

function EntryAction({
  action,
  linkId,
  label,
  text,
  testId,
}: {
  action: (form: FormData) => Promise<void>;
  linkId: number;
  label: string;
  text: string;
  testId: string;
}) {
  return (
    <form action={action} className="inline">
      <input type="hidden" name="linkId" value={linkId} />
      <button type="submit" className={button} aria-label={label} data-testid={testId}>
        {text}
      </button>
    </form>
  );
}
