import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import type { ResourceStore } from "../network/resource-store";
import { EMPTY_URL } from "./inline/css";
import { escapeAttribute, escapeRawStyle, escapeText } from "./inline/data-url";
import type { SnapshotRef } from "./inline/dom-snapshot";
import { snapshotFrames, type FrameSnapshot } from "./inline/frames";
import { ResourceInliner } from "./inline/resources";

export type SnapshotMeta = { url: string };

const MAX_SPRITE_BYTES = 512 * 1024;
const MAX_SPRITES_TOTAL = 2 * 1024 * 1024;

/**
 * The stored snapshot: one self-contained HTML file that replays offline as the page looked.
 *
 * The rendered DOM of every frame is cleaned in the page (no scripts, handlers, javascript: URLs, refresh,
 * noscript, base or preloads; form values, canvases, open shadow roots and CSSOM-only styles kept), then every
 * subresource is inlined here in Node from the bodies the network guard recorded — stylesheets with their
 * imports, fonts and images as data: URLs, child frames as srcdoc — never downloaded again. What was not
 * recorded becomes `data:,`, so replay never reaches the network.
 */
export async function serializeSnapshot(page: Page, store: ResourceStore, meta: SnapshotMeta): Promise<string> {
  const nonce = `kura${randomBytes(6).toString("hex")}x`;
  const tree = await snapshotFrames(page, { nonce, known: store.urls(), sprites: recordedSprites(store) });
  const html = renderFrame(tree, new ResourceInliner(store), nonce);
  // No capture time in the file (the snapshot's row has it): a re-capture of an unchanged page is then the same
  // bytes, stored once (lib/storage/blobs.ts).
  const stamp = `<!-- Archived by Kura from ${escapeComment(meta.url)} -->`;
  const doctype = /^<!DOCTYPE[^>]*>/i.exec(html)?.[0];
  return doctype ? `${doctype}\n${stamp}${html.slice(doctype.length)}` : `${stamp}\n${html.trimStart()}`;
}

function escapeComment(text: string): string {
  return text.replace(/--/g, "- -");
}

/** Replaces the tokens of one frame's snapshot (recursing into its child frames). */
function renderFrame(node: FrameSnapshot, inliner: ResourceInliner, nonce: string): string {
  const snapshot = node.snapshot;
  if (!snapshot) return "";
  const { refs, baseUrl } = snapshot;
  const pattern = new RegExp(` ([^\\s"'>/=]+)="${nonce}(\\d+)"|${nonce}(\\d+)`, "g");
  return snapshot.html.replace(pattern, (_match, attr: string | undefined, attrIndex: string | undefined, textIndex: string | undefined) => {
    if (attr !== undefined) {
      const ref = refs[Number(attrIndex)];
      return ref ? renderAttribute(attr, ref, node, inliner, nonce, baseUrl) : ` ${attr}="${EMPTY_URL}"`;
    }
    const ref = refs[Number(textIndex)];
    return ref ? renderText(ref, inliner, baseUrl) : "";
  });
}

function renderAttribute(attr: string, ref: SnapshotRef, node: FrameSnapshot, inliner: ResourceInliner, nonce: string, baseUrl: string): string {
  const attribute = (name: string, value: string) => ` ${name}="${escapeAttribute(value)}"`;
  switch (ref.k) {
    case "res":
      return attribute(attr, inliner.dataUrl(ref.url) ?? EMPTY_URL);
    case "media": {
      const data = inliner.mediaDataUrl(ref.url);
      return data ? attribute(attr, data) : "";
    }
    case "img": {
      const data = inliner.dataUrl(ref.url);
      if (!data) return attribute(attr, EMPTY_URL);
      if (ref.nw > 0) {
        // A srcset candidate may have been shown at a density other than 1: keep its displayed size.
        const width = inliner.imageWidth(ref.url);
        const density = width ? width / ref.nw : 1;
        if (Math.abs(density - 1) > 0.001) return attribute("srcset", `${data} ${Number(density.toFixed(6))}x`);
      }
      return attribute(attr, data);
    }
    case "style":
      return attribute(attr, inliner.rewrite(ref.text, baseUrl));
    case "frame": {
      const child = node.children.get(ref.key);
      const html = child ? renderFrame(child, inliner, nonce) : "";
      if (ref.tag === "iframe") return attribute("srcdoc", html);
      return attribute("src", html ? `data:text/html;base64,${Buffer.from(html).toString("base64")}` : "about:blank");
    }
    case "sheet":
    case "css":
      return attribute(attr, "");
  }
}

function renderText(ref: SnapshotRef, inliner: ResourceInliner, baseUrl: string): string {
  let css: string;
  if (ref.k === "sheet") {
    css = inliner.stylesheet(ref.url) ?? (ref.fallback !== null ? inliner.rewrite(ref.fallback, ref.url) : "");
  } else if (ref.k === "css") {
    css = inliner.rewrite(ref.text, baseUrl);
  } else {
    return "";
  }
  return ref.svg ? escapeText(css) : escapeRawStyle(css);
}

/** Recorded SVG documents that can hold `<use>` targets, handed to the page to inline external sprites. */
function recordedSprites(store: ResourceStore): Record<string, string> {
  const sprites: Record<string, string> = {};
  let total = 0;
  for (const url of store.urls()) {
    const resource = store.get(url);
    if (!resource || resource.body.length > MAX_SPRITE_BYTES || total + resource.body.length > MAX_SPRITES_TOTAL) continue;
    if (!/svg/i.test(resource.contentType) && !/\.svg(\?|$)/i.test(url)) continue;
    const text = resource.body.toString("utf8");
    if (!/<symbol|\sid=/i.test(text)) continue;
    sprites[url] = text;
    total += resource.body.length;
  }
  return sprites;
}
