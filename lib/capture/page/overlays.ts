import type { Page } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";

/**
 * Cookie-consent and newsletter overlays hide the article in the screenshot and the archived copy. With
 * KURA_HIDE_OVERLAYS on (the default), a capture hides them after the page settled and before the screenshot
 * and serialization — bounded: one pass, a short wait for banners that a script shows late, one more pass.
 * Hidden means `display: none !important` plus a data-kura-hidden attribute (the element stays in the archive,
 * so nothing is lost), and the scroll lock the overlay put on <html>/<body> is undone. What was hidden is
 * returned for the snapshot's notes.
 *
 * What counts as an overlay:
 * - the root element of a known consent-management platform (OneTrust, Cookiebot, …), when it is rendered;
 * - a position:fixed/sticky element (or an open modal <dialog>) whose text speaks of cookies/consent and that
 *   covers at least 5 % of the viewport, or of newsletters/subscribing and covers at least 25 %;
 * - once one of those was hidden: a fixed, nearly text-less element covering at least half the viewport
 *   (its backdrop).
 * The words must stand outside links (a header's "Cookie policy" link is navigation).
 * Never: <html>, <body>, <header>/<nav> (or what holds a nav), anything holding the page's <main>/<article>/<h1>,
 * or a long text (over 3000 characters).
 */

export type HiddenOverlay = { kind: "cmp" | "consent" | "newsletter" | "backdrop"; name: string };
export type OverlayReport = { hidden: HiddenOverlay[]; scrollUnlocked: boolean };

/** Runs in the page. Self-contained: only browser globals. */
function hideOverlaysInPage(): OverlayReport {
  const CMP_ROOTS: Array<[string, string]> = [
    ["OneTrust", "#onetrust-consent-sdk, #onetrust-banner-sdk, .onetrust-pc-dark-filter"],
    ["Cookiebot", "#CybotCookiebotDialog, #CybotCookiebotDialogBodyUnderlay, #cookiebanner"],
    ["Didomi", "#didomi-host, .didomi-popup-backdrop"],
    ["Quantcast", "#qc-cmp2-container, .qc-cmp2-container"],
    ["Usercentrics", "#usercentrics-root, #usercentrics-cmp-ui, #uc-banner-modal"],
    ["TrustArc", "#truste-consent-track, #consent_blackbar, .truste_overlay, .truste_box_overlay, #trustarc-banner-overlay"],
    ["Osano", ".osano-cm-window, .osano-cm-dialog"],
    ["Klaro", "#klaro, .klaro .cookie-modal, .klaro .cookie-notice"],
    ["cookieconsent", ".cc-window, .cc-banner, #cc-main, #cc--main"],
    ["Complianz", "#cmplz-cookiebanner-container, .cmplz-cookiebanner"],
    ["Sourcepoint", "div[id^='sp_message_container_'], .sp-message-open"],
    ["CookieYes", ".cky-consent-container, .cky-overlay, #cookie-law-info-bar"],
    ["Borlabs", "#BorlabsCookieBox"],
    ["iubenda", "#iubenda-cs-banner"],
    ["Termly", "#termly-code-snippet-support"],
    ["Funding Choices", ".fc-consent-root"],
    ["Axeptio", "#axeptio_overlay"],
    ["consentmanager", "#cmpbox, #cmpbox2"],
    ["Ketch", "#lanyard_root"],
    ["CookieFirst", ".cookiefirst-root"],
    ["Cookie Notice", "#cookie-notice"],
  ];
  const CONSENT_WORDS =
    /cookie|consent|gdpr|ccpa|your privacy|privacy (settings|choices|preferences)|datenschutz|einwilligung|zustimm|verwendet cookies|consentement|nous utilisons des cookies|vie privée|consentimiento|utilizamos cookies|privacidad|同意|隐私|隱私|使用cookie|クッキー|個人情報の取り扱い|プライバシー/i;
  const NEWSLETTER_WORDS =
    /newsletter|subscribe|sign up for|join our (mailing )?list|abonnieren|anmelden zum|abonnez|inscrivez|lettre d'information|suscr[ií]b|boletín|订阅|訂閱|メルマガ|購読|ニュースレター|登録する/i;

  const viewport = window.innerWidth * window.innerHeight;
  const hidden: HiddenOverlay[] = [];
  const protectedRoots = Array.from(document.querySelectorAll("main, article, h1, [role='main']"));

  const rendered = (el: Element) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return false;
    return el.getClientRects().length > 0;
  };
  const coverage = (el: Element) => {
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, window.innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0));
    return (w * h) / viewport;
  };
  const hide = (el: HTMLElement, overlay: HiddenOverlay) => {
    if (el.dataset.kuraHidden) return;
    if (el instanceof HTMLDialogElement && el.open) {
      try {
        el.close();
      } catch {
        // A page script replaced close() and made it throw: drop the attribute instead (display:none below hides it too).
        el.removeAttribute("open");
      }
    }
    el.style.setProperty("display", "none", "important");
    el.dataset.kuraHidden = overlay.kind;
    hidden.push(overlay);
  };
  const mayHide = (el: Element) => el !== document.documentElement && el !== document.body && !protectedRoots.some((root) => el.contains(root));

  for (const [name, selector] of CMP_ROOTS) {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (rendered(el) && mayHide(el) && !el.closest("[data-kura-hidden]")) hide(el, { kind: "cmp", name });
    }
  }

  const positioned: HTMLElement[] = [];
  for (const el of Array.from(document.body?.querySelectorAll<HTMLElement>("*") ?? [])) {
    if (positioned.length > 400) break;
    const position = getComputedStyle(el).position;
    const modal = el instanceof HTMLDialogElement && el.open && el.matches(":modal");
    if ((position === "fixed" || position === "sticky" || modal) && rendered(el)) positioned.push(el);
  }
  let textOverlays = 0;
  for (const el of positioned) {
    if (el.closest("[data-kura-hidden]") || !mayHide(el)) continue;
    if (el.matches("header, nav, [role='banner'], [role='navigation']") || el.querySelector("nav, [role='navigation']")) continue;
    const all = el.innerText ?? "";
    if (all.length > 3000) continue;
    // Words in links ("Cookie policy", "Newsletter") are navigation; a banner says it in its own sentences.
    let text = all;
    for (const a of Array.from(el.querySelectorAll<HTMLElement>("a"))) text = text.replace(a.innerText, " ");
    const covers = coverage(el);
    const modal = el instanceof HTMLDialogElement && el.matches(":modal");
    if (CONSENT_WORDS.test(text) && (covers >= 0.05 || modal)) {
      hide(el, { kind: "consent", name: describe(el) });
      textOverlays++;
    } else if (NEWSLETTER_WORDS.test(text) && (covers >= 0.25 || modal)) {
      hide(el, { kind: "newsletter", name: describe(el) });
      textOverlays++;
    }
  }
  if (textOverlays > 0 || hidden.length > 0) {
    for (const el of positioned) {
      if (el.closest("[data-kura-hidden]") || !mayHide(el) || getComputedStyle(el).position !== "fixed") continue;
      if ((el.innerText ?? "").trim().length <= 20 && el.querySelector("img, video, canvas, svg") === null && coverage(el) >= 0.5) {
        hide(el, { kind: "backdrop", name: describe(el) });
      }
    }
  }

  let scrollUnlocked = false;
  if (hidden.length > 0) {
    for (const el of [document.documentElement, document.body]) {
      if (!el) continue;
      const style = getComputedStyle(el);
      if (/hidden|clip/.test(style.overflowY) || /hidden|clip/.test(style.overflow)) {
        el.style.setProperty("overflow", "visible", "important");
        scrollUnlocked = true;
      }
      if (el === document.body && style.position === "fixed") {
        el.style.setProperty("position", "static", "important");
        el.style.setProperty("top", "auto", "important");
        scrollUnlocked = true;
      }
    }
  }
  return { hidden, scrollUnlocked };

  function describe(el: Element): string {
    const id = el.id ? `#${el.id}` : "";
    const cls = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 2).join(".")}` : "";
    return `${el.tagName.toLowerCase()}${id}${cls}`.slice(0, 80);
  }
}

/** One pass, a short wait for late banners, a second pass; never throws (a capture does not fail over this). */
export async function hideOverlays(page: Page, recheckAfterMs = 400): Promise<OverlayReport> {
  const report: OverlayReport = { hidden: [], scrollUnlocked: false };
  for (const wait of [0, recheckAfterMs]) {
    if (wait) await page.waitForTimeout(wait);
    const pass = await bestEffort(
      page.evaluate(hideOverlaysInPage),
      "hiding overlays (a page script may navigate or break the pass); the screenshot shows them then",
    );
    if (!pass) break;
    report.hidden.push(...pass.hidden);
    report.scrollUnlocked ||= pass.scrollUnlocked;
  }
  return report;
}
