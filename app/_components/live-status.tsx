"use client";

import { useTranslations } from "next-intl";
import { cancelCaptureAction, retryCaptureAction } from "../_actions/capture";
import { StatusBadge } from "./status-badge";
import { FailureMessage } from "./failure-message";
import { useLiveCapture } from "./live-captures";
import { isPendingStatus, SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

type Server = { snapshotId: number | null; status: string; stage?: string | null; error?: string | null };

/** The status badge of an entry's latest snapshot, kept current by the page's event stream. */
export function LiveStatusBadge({ linkId, ...server }: Server & { linkId: number }) {
  const state = useLiveCapture(linkId, server);
  return <StatusBadge status={state.status} stage={state.stage} error={state.error} />;
}

/** Why the latest capture failed (shown as soon as it fails). */
export function LiveCaptureError({ linkId, url, className, ...server }: Server & { linkId: number; url?: string; className?: string }) {
  const state = useLiveCapture(linkId, server);
  if (state.status !== SNAPSHOT_STATUS.failed || !state.error) return null;
  return (
    <div className={className}>
      <FailureMessage error={state.error} url={url} testId="entry-error" compact />
    </div>
  );
}

const button = "min-h-6 rounded border border-stone-300 bg-white px-2 py-0.5 text-xs font-medium text-stone-700 hover:bg-stone-50";

/** Cancel while an entry is queued or capturing; Retry once it failed (editors). */
export function CaptureControls({ linkId, title, retry = true, ...server }: Server & { linkId: number; title: string; retry?: boolean }) {
  const t = useTranslations();
  const state = useLiveCapture(linkId, server);
  if (isPendingStatus(state.status)) {
    return (
      <EntryAction action={cancelCaptureAction} linkId={linkId} label={t("live.cancelLabel", { title })} text={t("live.cancel")} testId="cancel-capture" />
    );
  }
  if (retry && state.status === SNAPSHOT_STATUS.failed) {
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
