import { snapshotStates } from "@/lib/links/links";
import { BatchProgressBar } from "./batch-progress-bar";

/** Overall progress of links pasted together (kept current by the page's event stream). */
export async function BatchProgress({ ids }: { ids: number[] }) {
  const states = await snapshotStates(ids);
  return <BatchProgressBar known={states.map((s) => ({ linkId: s.linkId, snapshotId: s.id, status: s.status }))} />;
}
