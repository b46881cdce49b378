"use client";

import { useEffect, useRef } from "react";

/**
 * The bookmarklet to drag to the bookmarks bar. React 19 replaces a `javascript:` href it renders with a function
 * that throws, so the link is written to the DOM after mounting, where React does not look. It opens /save in a
 * small window (or in the same tab when pop-ups are blocked) with the page's address and title.
 */
export function BookmarkletLink({ label }: { label: string }) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    const target = `${window.location.origin}/save?url=`;
    const code =
      `(function(){var k=${JSON.stringify(target)}+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title);` +
      `var w=window.open(k,'kura-save','width=480,height=360');if(!w)location.href=k;})()`;
    link.current?.setAttribute("href", `javascript:${code}`);
  }, []);
  return (
    <a ref={link} data-testid="bookmarklet" className="rounded bg-kura-100 px-2 py-0.5 text-kura-900 underline" onClick={(e) => e.preventDefault()}>
      {label}
    </a>
  );
}
