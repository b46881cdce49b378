"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * A phone's "More" menu: the header's last navigation links, which would wrap onto a line of their own on a narrow
 * screen (the header must stay compact there), or an entry page's other actions, which sit in the side panel that a
 * phone shows only after the whole page. A disclosure, so it works before hydration; once hydrated it
 * closes after a link is followed (the layout, and so the open menu, outlives the page), on Escape and on a click
 * elsewhere.
 */
export function NavMore({
  label,
  children,
  testId = "nav-more",
  looks = "link",
}: {
  label: string;
  children: React.ReactNode;
  testId?: string;
  /** "link" in the header's navigation, "button" beside an entry's buttons. */
  looks?: "link" | "button";
}) {
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
      // A link followed inside it (an in-page one changes no path, so the effect above would not close it).
      else if (event.target instanceof Element && event.target.closest("a")) details.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details ref={menu} className="relative lg:hidden" data-testid={testId}>
      <summary
        className={`flex min-h-6 cursor-pointer list-none items-center gap-1 whitespace-nowrap select-none hover:text-kura-900 [&::-webkit-details-marker]:hidden ${looks === "button" ? "rounded-md border border-stone-300 px-3 py-1.5 text-sm text-stone-700" : "py-1"}`}
      >
        {label}
        <span aria-hidden="true" className="text-xs">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 flex min-w-32 flex-col rounded-md border border-kura-100 bg-white py-1 shadow-lg">{children}</div>
    </details>
  );
}
