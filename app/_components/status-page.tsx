import type { ReactNode } from "react";

/** The frame of the pages that say something went amiss (not found, a dead share link, an error). */
export function StatusPage({ title, body, testId, children }: { title: string; body: string; testId: string; children?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-md flex-col gap-3 rounded-lg bg-white p-6 shadow-sm" data-testid={testId}>
      <h1 className="text-xl font-bold text-kura-900">{title}</h1>
      <p className="text-stone-600">{body}</p>
      {children}
    </div>
  );
}

export const statusPageLink = "self-start text-sm font-medium text-kura-700 underline";
