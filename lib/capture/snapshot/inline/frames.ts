import type { Frame, Page } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";
import { FRAME_MARKER, snapshotDom, type DomSnapshot, type SnapshotArgs } from "./dom-snapshot";

/** One frame's snapshot and its child frames, keyed by the marker its iframe element carries in the parent. */
export type FrameSnapshot = { url: string; snapshot: DomSnapshot | null; children: Map<string, FrameSnapshot> };

export type FrameSnapshotOptions = Omit<SnapshotArgs, "frameKeyPrefix"> & {
  /** A child frame that does not answer within this is left empty rather than holding up the capture. */
  childTimeoutMs?: number;
};

const SNAPSHOT_SOURCE = snapshotDom.toString();

/**
 * The in-page function as an expression. Passing source text (rather than the function) lets us define
 * `__name`, which bundlers that keep function names (tsx/esbuild) insert into compiled functions.
 */
function snapshotExpression(args: SnapshotArgs): string {
  return `(() => { const __name = (f) => f; return (${SNAPSHOT_SOURCE})(${JSON.stringify(args)}); })()`;
}

/**
 * Snapshots every frame of the page in parallel — one evaluate per frame, cross-origin frames included —
 * then matches each child frame to the iframe element that holds it via the marker the parent's pass set.
 */
export async function snapshotFrames(page: Page, options: FrameSnapshotOptions): Promise<FrameSnapshot> {
  const { childTimeoutMs = 5_000, ...args } = options;
  const main = page.mainFrame();
  const frames = page.frames().filter((f) => !f.isDetached());
  const nodes = new Map<Frame, FrameSnapshot>();

  await Promise.all(
    frames.map(async (frame, i) => {
      const expression = snapshotExpression({ ...args, frameKeyPrefix: `${args.nonce}f${i}-` });
      let snapshot: DomSnapshot | null;
      if (frame === main) {
        snapshot = await frame.evaluate<DomSnapshot>(expression);
      } else {
        const evaluated = withTimeout(frame.evaluate<DomSnapshot>(expression), childTimeoutMs);
        snapshot =
          (await bestEffort(evaluated, `snapshotting a child frame (it may be detached, navigating or too slow): ${frame.url().slice(0, 200)} stays empty`)) ??
          null;
      }
      nodes.set(frame, { url: frame.url(), snapshot, children: new Map() });
    }),
  );

  await Promise.all(
    frames.map(async (frame) => {
      const parent = frame.parentFrame();
      const parentNode = parent ? nodes.get(parent) : undefined;
      const node = nodes.get(frame);
      if (!parentNode || !node) return;
      const key = await bestEffort(
        withTimeout(markerOf(frame), childTimeoutMs),
        "finding a child frame's iframe element (the frame may be detached); its content is left out",
      );
      if (key) parentNode.children.set(key, node);
    }),
  );

  const root = nodes.get(main);
  if (!root?.snapshot) throw new Error("the page could not be serialized");
  return root;
}

async function markerOf(frame: Frame): Promise<string | null> {
  const handle = await frame.frameElement();
  try {
    return await handle.getAttribute(FRAME_MARKER);
  } finally {
    await bestEffort(handle.dispose(), "releasing an iframe element handle (the frame may be gone)");
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
