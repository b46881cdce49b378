/**
 * The in-page half of the snapshot: one synchronous pass over a frame's rendered DOM (open shadow roots
 * included) that produces cleaned HTML in which every reference to a subresource has been replaced by a
 * token, plus the list of what each token stands for. Node then swaps the tokens for data: URLs and
 * rewritten CSS from the recorded bodies (see ../serialize.ts), so nothing is downloaded twice and the
 * heavy string work stays out of the page.
 *
 * `snapshotDom` runs inside the page (via its source text), so it may only use browser globals and what
 * is defined inside its own body.
 */

export type SnapshotRef =
  /** An attribute holding a resource URL (favicon, poster, input image, SVG image, legacy background). */
  | { k: "res"; url: string }
  /** A video/audio source: inlined only when small enough. */
  | { k: "media"; url: string }
  /** `<img src>`: `nw` is the displayed naturalWidth when a srcset chose the source (density to keep), else 0. */
  | { k: "img"; url: string; nw: number }
  /** `<style>` content taken from a linked stylesheet (`fallback`: its CSSOM text when it was not recorded). */
  | { k: "sheet"; url: string; fallback: string | null; svg: boolean }
  /** `<style>` content from the page itself (or its CSSOM), resolved against the document base. */
  | { k: "css"; text: string; svg: boolean }
  /** A style attribute that references url()s. */
  | { k: "style"; text: string }
  /** The document of a child frame, matched in Node by the live element's data-kura-frame marker. */
  | { k: "frame"; key: string; tag: "iframe" | "frame" };

export type SnapshotArgs = {
  /** Token prefix: tokens are `${nonce}${index}`. */
  nonce: string;
  /** Marker values for this frame's iframes start with this. */
  frameKeyPrefix: string;
  /** URLs with a recorded body (decides lazy-image promotion and CSSOM fallbacks). */
  known: string[];
  /** Recorded SVG documents by URL, to inline `<use href="sprite.svg#id">`. */
  sprites: Record<string, string>;
};

export type DomSnapshot = { html: string; baseUrl: string; refs: SnapshotRef[] };

export const FRAME_MARKER = "data-kura-frame";

export function snapshotDom(args: SnapshotArgs): DomSnapshot {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const XLINK_NS = "http://www.w3.org/1999/xlink";
  const MARKER = "data-kura-frame";
  const refs: SnapshotRef[] = [];
  const known = new Set(args.known);
  const base = document.baseURI;
  const inert = document.implementation.createHTMLDocument("");
  let frameCount = 0;
  let spriteCount = 0;

  const ref = (r: SnapshotRef): string => {
    refs.push(r);
    return args.nonce + (refs.length - 1);
  };
  const abs = (raw: string | null | undefined): string => {
    if (!raw) return "";
    try {
      return new URL(raw, base).href;
    } catch {
      return "";
    }
  };
  const noHash = (url: string): string => url.split("#")[0]!;
  const isHttp = (url: string): boolean => /^https?:/i.test(url);
  /** An attribute value for a resource URL: data: kept, http(s) tokenised, anything else emptied. */
  const resValue = (url: string, kind: "res" | "media" = "res"): string => {
    if (!url) return "";
    if (/^data:/i.test(url)) return url;
    if (!isHttp(url)) return "data:,";
    return ref({ k: kind, url });
  };

  const sheetRulesText = (sheet: CSSStyleSheet | null | undefined): string | null => {
    if (!sheet) return null;
    try {
      return Array.from(sheet.cssRules, (r) => r.cssText).join("\n");
    } catch {
      return null; // cross-origin
    }
  };

  /** Text for a `<style>`: its own text, unless script changed its rules (insertRule / CSSOM-only). */
  const styleText = (el: HTMLStyleElement | SVGStyleElement): string => {
    const text = el.textContent ?? "";
    const sheet = el.sheet;
    if (!sheet) return text;
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      return text;
    }
    if (!text.trim()) return rules.length ? (sheetRulesText(sheet) ?? "") : text;
    let imports = 0;
    for (let i = 0; i < rules.length; i++) if (rules[i] instanceof CSSImportRule) imports++;
    try {
      const probe = new CSSStyleSheet();
      probe.replaceSync(text); // drops @import rules, hence the count above
      if (probe.cssRules.length === rules.length - imports) return text;
    } catch {
      return text;
    }
    return sheetRulesText(sheet) ?? text;
  };

  /** The pixels of a displayed image, for images whose bytes were not recorded (blob:, or fetched around the guard). */
  const imagePixels = (img: HTMLImageElement): string => {
    try {
      if (!img.complete || !img.naturalWidth) return "";
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext("2d")?.drawImage(img, 0, 0);
      return canvas.toDataURL();
    } catch {
      return "";
    }
  };

  const PINNED_PROPERTIES = [
    "display",
    "position",
    "top",
    "right",
    "bottom",
    "left",
    "float",
    "clear",
    "z-index",
    "box-sizing",
    "width",
    "height",
    "min-width",
    "min-height",
    "max-width",
    "max-height",
    "aspect-ratio",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-style",
    "border-right-style",
    "border-bottom-style",
    "border-left-style",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "border-top-left-radius",
    "border-top-right-radius",
    "border-bottom-right-radius",
    "border-bottom-left-radius",
    "vertical-align",
    "object-fit",
    "object-position",
    "opacity",
    "transform",
    "filter",
    "box-shadow",
    "background-color",
    "outline-style",
    "outline-width",
    "outline-color",
    "image-rendering",
    "visibility",
    "mix-blend-mode",
    "clip-path",
    "overflow-x",
    "overflow-y",
  ];

  const computedValues = (el: Element, pseudo?: string): string[] => {
    if (!pseudo && typeof el.computedStyleMap === "function") {
      const map = el.computedStyleMap();
      return PINNED_PROPERTIES.map((p) => String(map.get(p) ?? ""));
    }
    const style = getComputedStyle(el, pseudo);
    return PINNED_PROPERTIES.map((p) => style.getPropertyValue(p));
  };

  /** `prop: value !important;` for each value that differs from `unless` (all of them without it). */
  const pins = (values: string[], unless?: string[]): string =>
    PINNED_PROPERTIES.map((p, i) => (values[i] && values[i] !== unless?.[i] ? `${p}:${values[i]} !important;` : "")).join("");

  const withStyle = (el: Element, own: string, extra: string) => {
    const base = own.trim();
    const text = extra ? `${base}${base && !base.endsWith(";") ? ";" : ""}${extra}` : base;
    if (text) el.setAttribute("style", /url\(|image-set/i.test(text) ? ref({ k: "style", text }) : text);
  };

  /**
   * A modal dialog or open popover is drawn in the top layer, which markup cannot express: pin the computed
   * box so it stays where it was, above everything, and draw its ::backdrop as a fixed layer behind it.
   */
  const pinTopLayer = (L: Element, C: Element): { style: string; backdrop: Element | null } => {
    const style = pins(computedValues(L)) + "z-index:2147483647 !important;";
    C.removeAttribute("popover"); // a popover that is not open is display:none
    const backdrop = getComputedStyle(L, "::backdrop");
    const paint = [backdrop.backgroundColor, backdrop.backgroundImage, backdrop.backdropFilter];
    if (paint.every((v) => !v || v === "none" || v === "rgba(0, 0, 0, 0)")) return { style, backdrop: null };
    const layer = inert.createElement("div");
    layer.setAttribute("aria-hidden", "true");
    withStyle(
      layer,
      "",
      `position:fixed !important;inset:0 !important;z-index:2147483647 !important;background-color:${backdrop.backgroundColor};` +
        `background-image:${backdrop.backgroundImage};backdrop-filter:${backdrop.backdropFilter};opacity:${backdrop.opacity};`,
    );
    return { style, backdrop: layer };
  };

  /**
   * Declarations (`prop: value !important; ...`) that keep an <img> standing in for `canvas` styled as the canvas
   * was: rules written for `canvas` no longer match, rules written for `img` now would. Compares computed
   * (not used) values, so percentages stay percentages; the canvas is swapped for a probe for the comparison.
   */
  const canvasStylePins = (canvas: HTMLCanvasElement): string => {
    if (!canvas.isConnected || !canvas.parentNode) return "";
    try {
      const before = computedValues(canvas);
      const probe = document.createElement("img");
      for (const a of Array.from(canvas.attributes)) {
        if (!/^(width|height|src|srcset|on.*)$/i.test(a.name)) probe.setAttribute(a.name, a.value);
      }
      canvas.replaceWith(probe);
      let after: string[];
      try {
        after = computedValues(probe);
      } finally {
        probe.replaceWith(canvas);
      }
      return pins(before, after);
    } catch {
      return "";
    }
  };

  // eslint-disable-next-line no-control-regex -- browsers skip leading control characters before a URL scheme, so "\x01javascript:" must be caught too
  const SCRIPT_URL = /^[\u0000-\u0020]*javascript:/i;
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "to", "from", "values"]);
  const KEEP_LINK_REL = /^(canonical|alternate|author|license|next|prev|me|help|search|bookmark|tag)$/i;

  /**
   * Inlines an external SVG `<use>` target: the recorded sprite is copied once per tree (ids prefixed so they
   * cannot clash with the page's) into `container`; returns the new local href, or null when unknown.
   */
  const useHref = (raw: string, spriteIds: Map<string, string>, container: () => Element): string | null => {
    const url = abs(raw);
    const hash = url.includes("#") ? url.slice(url.indexOf("#") + 1) : "";
    const key = noHash(url);
    if (!hash || !args.sprites[key]) return null;
    let prefix = spriteIds.get(key);
    if (prefix === undefined) {
      let root: Element | null = null;
      try {
        root = new DOMParser().parseFromString(args.sprites[key], "image/svg+xml").documentElement;
      } catch {
        root = null; // e.g. a Trusted Types policy refusing string parsing
      }
      prefix = root && root.localName === "svg" ? `kura-sprite${spriteCount++}-` : "";
      spriteIds.set(key, prefix);
      if (!prefix || !root) return null;
      // Sprite styles would apply to the whole page once inlined; scripts and animations are not kept.
      root.querySelectorAll("script, style, foreignObject, set, animate").forEach((e) => e.remove());
      const p = prefix;
      const fix = (v: string) => v.replace(/url\(\s*(['"]?)#/g, `url($1#${p}`);
      for (const e of [root, ...Array.from(root.querySelectorAll("*"))]) {
        for (const a of Array.from(e.attributes)) {
          if (/^on/i.test(a.name)) e.removeAttribute(a.name);
          else if (a.localName === "id") e.setAttribute(a.name, p + a.value);
          else if (a.localName === "href") {
            if (a.value.startsWith("#")) e.setAttributeNS(a.namespaceURI, a.name, "#" + p + a.value.slice(1));
            else e.removeAttributeNS(a.namespaceURI, a.localName);
          } else if (a.value.includes("url(")) e.setAttribute(a.name, fix(a.value));
        }
      }
      const defs = inert.createElementNS(SVG_NS, "defs");
      for (const child of Array.from(root.childNodes)) defs.appendChild(inert.importNode(child, true));
      container().appendChild(defs);
    }
    return prefix ? `#${prefix}${hash}` : null;
  };

  /** Processes one tree (a document element or a shadow root) and its clone, element by element. */
  const processTree = (liveRoot: Element | ShadowRoot, cloneRoot: Element | DocumentFragment) => {
    const focused = liveRoot instanceof ShadowRoot ? liveRoot.activeElement : document.activeElement;
    // Both lists are in document order, so the i-th copy is the clone of the i-th live element.
    const live = (liveRoot instanceof Element ? [liveRoot] : []).concat(Array.from(liveRoot.querySelectorAll("*")));
    const copies = (cloneRoot instanceof Element ? [cloneRoot] : []).concat(Array.from(cloneRoot.querySelectorAll("*")));
    const removals: Element[] = [];
    const replacements: Array<[Element, Element]> = [];
    const insertions: Array<[Element, Element]> = [];
    const spriteIds = new Map<string, string>();
    let spriteContainer: Element | null = null;
    const container = (): Element => {
      if (!spriteContainer) {
        spriteContainer = inert.createElementNS(SVG_NS, "svg");
        spriteContainer.setAttribute("aria-hidden", "true");
        spriteContainer.setAttribute("style", "position:absolute;width:0;height:0;overflow:hidden");
      }
      return spriteContainer;
    };

    for (let i = 0; i < live.length; i++) {
      const L = live[i]!;
      const C = copies[i];
      if (!C) break;
      const tag = L.localName.toLowerCase();
      const inSvg = L.namespaceURI === SVG_NS;

      // Nothing that can run code or reach the network survives.
      for (const attr of C.getAttributeNames()) {
        const name = attr.toLowerCase();
        if (name.startsWith("on") || name === "ping" || name === "nonce" || name === "integrity" || name === MARKER) {
          C.removeAttribute(attr);
        } else if (URL_ATTRIBUTES.has(name) && SCRIPT_URL.test((C.getAttribute(attr) ?? "").replace(/[\t\n\r]/g, ""))) {
          C.setAttribute(attr, "#");
        }
      }
      // Custom elements never upgrade in a script-less replay: remember which were not :defined (see css.ts).
      if (tag.includes("-") && !L.matches(":defined")) C.setAttribute("data-kura-undefined", "");
      let extraStyle = "";
      // The focused control (e.g. the first button of a modal dialog) shows a focus ring: keep it drawn.
      if (L === focused && tag !== "body" && tag !== "html" && !L.shadowRoot?.activeElement) {
        const ring = getComputedStyle(L);
        if (ring.outlineStyle !== "none") {
          extraStyle += `outline:${ring.outlineColor} ${ring.outlineStyle} ${ring.outlineWidth} !important;outline-offset:${ring.outlineOffset} !important;`;
        }
      }
      if (tag === "dialog" || L.hasAttribute("popover")) {
        let topLayer = false;
        try {
          topLayer = L.matches(":modal") || L.matches(":popover-open");
        } catch {
          topLayer = false;
        }
        if (topLayer) {
          const pinned = pinTopLayer(L, C);
          extraStyle += pinned.style;
          if (pinned.backdrop) insertions.push([C, pinned.backdrop]);
        }
      }

      const background = !inSvg && /^(body|table|td|th)$/.test(tag) ? L.getAttribute("background") : null;
      if (background) C.setAttribute("background", resValue(abs(background)));
      const style = C.getAttribute("style");
      if (extraStyle) withStyle(C, style ?? "", extraStyle);
      else if (style && /url\(|image-set/i.test(style)) C.setAttribute("style", ref({ k: "style", text: style }));

      switch (tag) {
        case "script":
        case "noscript":
        case "base":
        case "embed":
        case "applet":
        case "portal":
        case "track":
          removals.push(C);
          break;
        case "meta": {
          const equiv = (L.getAttribute("http-equiv") ?? "").toLowerCase();
          if (L.hasAttribute("charset") || /^(refresh|content-security-policy|content-type|set-cookie|origin-trial)$/.test(equiv)) {
            removals.push(C);
          }
          break;
        }
        case "link": {
          if (inSvg) break;
          const link = L as HTMLLinkElement;
          const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
          if (rel.includes("stylesheet")) {
            const sheet = link.sheet;
            if (rel.includes("alternate") || link.disabled || (sheet && sheet.disabled) || !link.href) {
              removals.push(C);
              break;
            }
            const style = inert.createElement("style");
            const media = link.getAttribute("media");
            if (media) style.setAttribute("media", media);
            const url = link.href;
            const fallback = known.has(noHash(url)) ? null : sheetRulesText(sheet);
            style.textContent = isHttp(url) || fallback !== null ? ref({ k: "sheet", url, fallback, svg: false }) : "";
            replacements.push([C, style]);
          } else if (rel.some((r) => r === "icon" || r === "apple-touch-icon" || r === "mask-icon")) {
            C.setAttribute("href", resValue(link.href));
            C.removeAttribute("srcset");
            C.removeAttribute("imagesrcset");
          } else if (!rel.every((r) => KEEP_LINK_REL.test(r)) || rel.length === 0) {
            removals.push(C);
          } else if (link.href) {
            C.setAttribute("href", link.href);
          }
          break;
        }
        case "style": {
          const text = styleText(L as HTMLStyleElement);
          const sheet = (L as HTMLStyleElement).sheet;
          if (sheet && sheet.disabled) {
            removals.push(C);
            break;
          }
          C.textContent = ref({ k: "css", text, svg: inSvg });
          break;
        }
        case "img": {
          if (inSvg) break;
          const img = L as HTMLImageElement;
          const parent = L.parentElement;
          const chosenBySrcset = img.hasAttribute("srcset") || parent?.localName === "picture";
          let url = img.currentSrc || (img.getAttribute("src") ? img.src : "");
          const placeholder = !url || /^data:/i.test(url) || (img.complete && img.naturalWidth <= 1);
          if (placeholder) {
            // JS lazy loaders keep the real source in data-*; use it only if the browser fetched it.
            const lazy = img.getAttribute("data-src") ?? img.getAttribute("data-lazy-src") ?? img.getAttribute("data-original");
            const lazySet = img.getAttribute("data-srcset") ?? img.getAttribute("data-lazy-srcset");
            const candidates = [lazy, ...(lazySet ? lazySet.split(",").map((c) => c.trim().split(/\s+/)[0]) : [])];
            const promoted = candidates.map((c) => abs(c)).find((c) => c && known.has(noHash(c)));
            if (promoted) url = promoted;
          }
          for (const a of ["srcset", "sizes", "loading", "data-src", "data-srcset", "data-lazy-src", "data-lazy-srcset", "data-original"]) {
            C.removeAttribute(a);
          }
          if (!url) C.removeAttribute("src");
          else if (/^data:/i.test(url)) C.setAttribute("src", url);
          else if (/^blob:/i.test(url)) {
            const data = imagePixels(img);
            if (data) C.setAttribute("src", data);
            else C.removeAttribute("src");
          } else if (!isHttp(url)) C.setAttribute("src", "data:,");
          else if (!known.has(noHash(url)) && !img.complete) {
            C.removeAttribute("src"); // still loading when captured: it showed nothing, and neither will the copy
          } else if (!known.has(noHash(url)) && img.naturalWidth > 0) {
            // Shown, but its bytes were not recorded: keep its pixels if the canvas may read them.
            C.setAttribute("src", imagePixels(img) || "data:,");
          } else {
            C.setAttribute("src", ref({ k: "img", url, nw: chosenBySrcset ? img.naturalWidth : 0 }));
          }
          break;
        }
        case "source": {
          const parentTag = L.parentElement?.localName;
          if (parentTag === "picture" || parentTag === "video" || parentTag === "audio") removals.push(C);
          break;
        }
        case "video":
        case "audio": {
          const media = L as HTMLMediaElement;
          C.removeAttribute("src");
          C.removeAttribute("autoplay");
          if (tag === "video") {
            const poster = (L as HTMLVideoElement).poster;
            if (poster) C.setAttribute("poster", resValue(poster));
            const src = media.currentSrc || media.src;
            if (src && isHttp(src)) C.setAttribute("src", ref({ k: "media", url: src }));
          }
          break;
        }
        case "input": {
          const input = L as HTMLInputElement;
          if (input.type === "image") C.setAttribute("src", resValue(input.src));
          if (input.type === "checkbox" || input.type === "radio") C.toggleAttribute("checked", input.checked);
          else if (input.type !== "password" && input.type !== "file" && input.value !== (input.getAttribute("value") ?? "")) {
            C.setAttribute("value", input.value);
          }
          break;
        }
        case "textarea":
          C.textContent = (L as HTMLTextAreaElement).value;
          break;
        case "select": {
          const options = (L as HTMLSelectElement).options;
          Array.from(C.querySelectorAll("option")).forEach((o, j) => o.toggleAttribute("selected", options[j]?.selected ?? false));
          break;
        }
        case "iframe":
        case "frame": {
          const key = `${args.frameKeyPrefix}${frameCount++}`;
          L.setAttribute(MARKER, key);
          C.removeAttribute(MARKER);
          C.removeAttribute("src");
          C.removeAttribute("loading");
          C.setAttribute(tag === "iframe" ? "srcdoc" : "src", ref({ k: "frame", key, tag }));
          break;
        }
        case "canvas": {
          // A canvas has no markup (and shows its fallback content where scripts are off): keep its pixels as an
          // <img> of the same bitmap size, with the styles that only matched because it was a canvas pinned.
          const canvas = L as HTMLCanvasElement;
          const img = inert.createElement("img");
          for (const a of Array.from(C.attributes)) {
            if (a.name !== "width" && a.name !== "height" && a.name !== "style") img.setAttribute(a.name, a.value);
          }
          let data: string;
          try {
            data = canvas.toDataURL();
          } catch {
            data = ""; // A tainted canvas (cross-origin pixels) cannot be read: keep the box, not the pixels.
          }
          if (data && data !== "data:,") img.setAttribute("src", data);
          else {
            img.setAttribute("width", String(canvas.width));
            img.setAttribute("height", String(canvas.height));
          }
          withStyle(img, L.getAttribute("style") ?? "", canvasStylePins(canvas));
          replacements.push([C, img]);
          break;
        }
        case "object": {
          // The viewer allows no plugins or object documents (object-src 'none'); an image object becomes an <img>.
          const data = (L as HTMLObjectElement).data;
          const type = (L.getAttribute("type") ?? "").toLowerCase();
          if (data && (type.startsWith("image/") || /\.(svg|png|jpe?g|gif|webp|avif)(\?|#|$)/i.test(data))) {
            const img = inert.createElement("img");
            for (const a of Array.from(C.attributes)) {
              if (!/^(data|type|typemustmatch|classid|codebase|archive|form|usemap)$/i.test(a.name)) img.setAttribute(a.name, a.value);
            }
            img.setAttribute("src", resValue(data));
            replacements.push([C, img]);
          } else {
            C.removeAttribute("data");
          }
          break;
        }
        case "a":
        case "area": {
          const href = inSvg ? "" : (L as HTMLAnchorElement).href;
          // Links keep working as links to the original site; in-page anchors stay in-page.
          if (href && isHttp(href) && !(C.getAttribute("href") ?? "").trim().startsWith("#")) C.setAttribute("href", href);
          break;
        }
        case "form": {
          const action = abs(L.getAttribute("action"));
          if (C.hasAttribute("action") && isHttp(action) && C.getAttribute("action") !== "#") C.setAttribute("action", action);
          break;
        }
        case "template":
          C.removeAttribute("shadowrootmode");
          C.removeAttribute("shadowroot");
          break;
        case "image":
        case "feimage": {
          if (!inSvg) break;
          const raw = L.getAttribute("href") ?? L.getAttributeNS(XLINK_NS, "href");
          C.removeAttributeNS(XLINK_NS, "href");
          if (raw && !raw.startsWith("#")) C.setAttribute("href", resValue(abs(raw)));
          break;
        }
        case "use": {
          if (!inSvg) break;
          const raw = L.getAttribute("href") ?? L.getAttributeNS(XLINK_NS, "href");
          if (raw && !raw.trim().startsWith("#")) {
            const local = useHref(raw, spriteIds, container);
            C.removeAttributeNS(XLINK_NS, "href");
            if (local) C.setAttribute("href", local);
            else C.removeAttribute("href");
          }
          break;
        }
        case "set":
        case "animate":
          if (/javascript:/i.test(`${L.getAttribute("to")}${L.getAttribute("values")}${L.getAttribute("from")}`)) removals.push(C);
          break;
      }

      // Open shadow roots become declarative shadow DOM, processed the same way.
      const shadow = L.shadowRoot;
      if (shadow && tag !== "iframe") {
        const template = inert.createElement("template");
        template.setAttribute("shadowrootmode", shadow.mode);
        if (shadow.delegatesFocus) template.setAttribute("shadowrootdelegatesfocus", "");
        for (const child of Array.from(shadow.childNodes)) template.content.appendChild(inert.importNode(child, true));
        processTree(shadow, template.content);
        appendAdopted(shadow.adoptedStyleSheets, template.content);
        C.insertBefore(template, C.firstChild);
      }
    }

    for (const [old, replacement] of replacements) old.replaceWith(replacement);
    for (const [before, inserted] of insertions) before.before(inserted);
    for (const el of removals) el.remove();
    if (spriteContainer) {
      const target = cloneRoot instanceof DocumentFragment ? cloneRoot : (cloneRoot.querySelector(":scope > body") ?? cloneRoot);
      target.appendChild(spriteContainer);
    }
  };

  const appendAdopted = (sheets: readonly CSSStyleSheet[], target: Element | DocumentFragment) => {
    for (const sheet of sheets) {
      if (sheet.disabled) continue;
      const text = sheetRulesText(sheet);
      if (!text) continue;
      const style = inert.createElement("style");
      if (sheet.media.mediaText) style.setAttribute("media", sheet.media.mediaText);
      style.textContent = ref({ k: "css", text, svg: false });
      target.appendChild(style);
    }
  };

  const rootLive = document.documentElement;
  const clone = inert.importNode(rootLive, true) as Element;
  processTree(rootLive, clone);

  // Adopted (constructed) sheets come after every other sheet in the cascade: append them last.
  const body = clone.querySelector(":scope > body") ?? clone;
  appendAdopted(document.adoptedStyleSheets, body);

  if (clone.localName === "html") {
    let head = clone.querySelector(":scope > head");
    if (!head) {
      head = inert.createElement("head");
      clone.insertBefore(head, clone.firstChild);
    }
    const charset = inert.createElement("meta");
    charset.setAttribute("charset", "utf-8");
    head.insertBefore(charset, head.firstChild);
  }

  const doctype = document.doctype
    ? `<!DOCTYPE ${document.doctype.name}${document.doctype.publicId ? ` PUBLIC "${document.doctype.publicId}"` : ""}${document.doctype.systemId ? `${document.doctype.publicId ? "" : " SYSTEM"} "${document.doctype.systemId}"` : ""}>`
    : "";
  return { html: `${doctype}\n${clone.outerHTML}`, baseUrl: base, refs };
}
