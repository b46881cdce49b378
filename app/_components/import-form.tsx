"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { MAX_IMPORT_BYTES, MAX_IMPORT_MB, type ImportResult } from "@/lib/validation/import";

// Settings → Data: one export file sent to POST /api/v1/import with the session. It goes as base64 in JSON, the
// only body a cookie-carried API write may have (the CSRF guard), over XMLHttpRequest for its upload progress.

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number }
  | { kind: "importing" }
  | { kind: "done"; result: ImportResult }
  | { kind: "error"; message: string };

const button = "rounded-md border border-kura-700 px-3 py-1 text-sm font-medium text-kura-800 hover:bg-kura-50 disabled:opacity-50";

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result.replace(/^data:[^,]*,/, "") : "");
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

function send(body: string, onPhase: (phase: Phase) => void): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/import");
    xhr.setRequestHeader("content-type", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onPhase({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => onPhase({ kind: "importing" });
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null; // a proxy's HTML error page: the status says enough
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(body);
  });
}

export function ImportForm() {
  const t = useTranslations();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "uploading" || phase.kind === "importing";

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || file.size === 0) return setPhase({ kind: "error", message: t("validation.importFileRequired") });
    if (file.size > MAX_IMPORT_BYTES) return setPhase({ kind: "error", message: t("import.fileTooLarge", { maximum: MAX_IMPORT_MB }) });
    setPhase({ kind: "uploading", percent: 0 });
    try {
      const body = JSON.stringify({ file: await base64Of(file), capture: data.get("capture") === "on" });
      const { status, json } = await send(body, setPhase);
      if (status === 200 || status === 201) return setPhase({ kind: "done", result: json as ImportResult });
      if (status === 422) return setPhase({ kind: "error", message: t("import.unknownFormat") });
      if (status === 413) return setPhase({ kind: "error", message: t("import.fileTooLarge", { maximum: MAX_IMPORT_MB }) });
      const message = (json as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${status}`;
      setPhase({ kind: "error", message: t("import.failedRequest", { message }) });
    } catch (error) {
      setPhase({ kind: "error", message: t("import.failedRequest", { message: error instanceof Error ? error.message : String(error) }) });
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          {t("import.file")}
          <input type="file" name="file" required className="min-h-6 text-sm" />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="capture" defaultChecked className="h-6 w-6" />
          {t("import.capture")}
        </label>
        <div>
          <button type="submit" disabled={busy} className={button}>
            {t("import.submit")}
          </button>
        </div>
      </form>
      {phase.kind === "uploading" && (
        <div role="status" className="flex flex-col gap-1 text-sm">
          <span>{t("import.uploading", { percent: phase.percent })}</span>
          <div className="h-2 overflow-hidden rounded bg-stone-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={phase.percent}>
            <div className="h-full bg-kura-700 transition-all" style={{ width: `${phase.percent}%` }} />
          </div>
        </div>
      )}
      {phase.kind === "importing" && (
        <p role="status" className="text-sm">
          {t("import.importing")}
        </p>
      )}
      {phase.kind === "error" && (
        <p role="alert" className="text-sm text-red-700">
          {phase.message}
        </p>
      )}
      {phase.kind === "done" && <ImportReport result={phase.result} />}
    </div>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const t = useTranslations();
  return (
    <div className="flex flex-col gap-2 rounded border border-stone-200 p-3 text-sm" data-testid="import-report" role="status">
      <p className="font-medium">{t("import.result", { imported: result.imported, duplicates: result.duplicates })}</p>
      <p className="text-stone-600">{t("import.format", { format: t(`import.formats.${result.format}`) })}</p>
      {result.failed.length === 0 ? (
        <p className="text-stone-600">{t("import.noneRefused")}</p>
      ) : (
        <details open>
          <summary>{t("import.refused", { count: result.failed.length })}</summary>
          <ul className="mt-1 flex flex-col gap-1" data-testid="import-refused">
            {result.failed.map((row, i) => (
              <li key={i} className="break-all">
                <code className="rounded bg-stone-100 px-1">{row.item}</code> —{" "}
                {t.has(row.reasonKey as never) ? t(row.reasonKey as never, row.reasonValues as never) : row.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <Link href="/" className="text-kura-800 underline">
        {t("import.openLibrary")}
      </Link>
    </div>
  );
}
