// One tab stop per library card (issue 13): Tab goes from card to card through their title links, and the card's
// other controls (checkbox, star, re-capture, tags, other versions…) are reached with ← and → once a card holds
// focus. They are left out of the tab order with tabindex="-1", not hidden: a screen reader still lists every named
// link and button. Applied in the browser, to whatever a card holds now or later (a live capture adds buttons), so
// no component inside a card needs to know; before hydration every control is simply a tab stop of its own.

export const CARD = '[data-testid="entry"]';
export const CARD_LINK = '[data-testid="entry-title"]';

const CONTROLS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]';
/** Marks the controls this module took out of the tab order (and only those). */
const MARK = "data-card-stop";

function controlsOf(card: Element): HTMLElement[] {
  return [...card.querySelectorAll<HTMLElement>(CONTROLS)].filter((el) => !el.matches(CARD_LINK));
}

/** The controls ← and → stop at: shown, enabled, and not a mouse-only repeat (the thumbnail is aria-hidden). */
function reachable(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 && !el.matches(":disabled") && !el.closest('[aria-hidden="true"]');
}

function leaveTabOrder(root: ParentNode) {
  for (const card of root.querySelectorAll(CARD)) {
    for (const control of controlsOf(card)) {
      if (control.hasAttribute(MARK) || control.getAttribute("tabindex") === "-1") continue;
      control.setAttribute(MARK, "");
      control.tabIndex = -1;
    }
  }
}

/** Keeps the cards under `root` at one tab stop each, also as the listing changes; returns the stop function. */
export function keepOneTabStopPerCard(root: HTMLElement): () => void {
  leaveTabOrder(root);
  let pending = 0;
  const observer = new MutationObserver(() => {
    // A burst of changes (a page of cards, a live status) is handled once, before the next paint.
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      leaveTabOrder(root);
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    cancelAnimationFrame(pending);
  };
}

/** Moves focus to the next (1) or previous (-1) control of the card holding focus; false when no card does. */
export function moveWithinCard(step: 1 | -1): boolean {
  const active = document.activeElement as HTMLElement | null;
  const card = active?.closest(CARD);
  if (!active || !card) return false;
  const stops = [card.querySelector<HTMLElement>(CARD_LINK), ...controlsOf(card)]
    .filter((el): el is HTMLElement => el !== null && reachable(el))
    // Document order, the order a reader sees them in (the title link is not the card's first control).
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const at = stops.indexOf(active);
  const next = stops[Math.min(stops.length - 1, Math.max(0, (at < 0 ? 0 : at) + step))];
  next?.focus();
  return true;
}
