"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * The phone header's "More" menu: the main navigation's last links, which would wrap onto a line of their own on a
 * narrow screen (the header must stay compact there). A disclosure, so it works before hydration; once hydrated it
 * closes after a link is followed (the layout, and so the open menu, outlives the page), on Escape and on a click
 * elsewhere.
 */
export function NavMore({ label, children }: { label: string; children: React.ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details ref={menu} className="relative lg:hidden" data-testid="nav-more">
      <summary className="flex min-h-6 cursor-pointer list-none items-center gap-1 py-1 whitespace-nowrap select-none hover:text-kura-900 [&::-webkit-details-marker]:hidden">
        {label}
        <span aria-hidden="true" className="text-xs">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 flex min-w-32 flex-col rounded-md border border-kura-100 bg-white py-1 shadow-lg">{children}</div>
    </details>
  );
}
