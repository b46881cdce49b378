import { db } from "@/lib/db/client";
import { MAX_RECAPTURE_HOURS } from "@/lib/validation/schedule";
import { NOT_SEEDED } from "@/lib/db/vocabulary";

/**
 * Re-captures the entry every `hours` hours (a whole number from 1 to 8784), starting `hours` from now; `null`
 * turns it off. The worker queues one capture per due time and never a second while one is pending; older
 * snapshots are kept. Returns false when the entry does not exist or is a seeded write-up (nothing to re-capture).
 */
export async function setRecaptureSchedule(linkId: number, hours: number | null): Promise<boolean> {
  if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > MAX_RECAPTURE_HOURS)) {
    throw new RangeError(`Re-capture every 1 to ${MAX_RECAPTURE_HOURS} hours (whole hours).`);
  }
  const { count } = await db().link.updateMany({
    where: { id: linkId, ...NOT_SEEDED },
    data:
      hours === null
        ? { recaptureEveryHours: null, nextCaptureAt: null }
        : { recaptureEveryHours: hours, nextCaptureAt: new Date(Date.now() + hours * 3_600_000) },
  });
  return count === 1;
}
