"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While some entry is still being captured, re-renders the page from the server so its progress shows. */
export function LiveRefresh({ active, intervalMs = 1000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
