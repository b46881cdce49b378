import { z } from "@/lib/validation/zod";
import { v } from "./messages";

/** Re-captures are at most a leap year apart. */
export const MAX_RECAPTURE_HOURS = 24 * 366;

/** The schedule form: off, every day, every week, or every N hours → hours between captures (null: off). */
export const scheduleFormSchema = z
  .object({
    linkId: z.coerce.number().int().positive(),
    every: z.enum(["off", "daily", "weekly", "custom"]),
    hours: z.string().trim().optional(),
  })
  .transform(({ linkId, every, hours }, ctx) => {
    if (every === "off") return { linkId, hours: null };
    if (every === "daily") return { linkId, hours: 24 };
    if (every === "weekly") return { linkId, hours: 24 * 7 };
    const n = Number(hours);
    if (!hours || !/^\d+$/.test(hours) || !Number.isInteger(n) || n < 1 || n > MAX_RECAPTURE_HOURS) {
      ctx.addIssue({ code: "custom", path: ["hours"], message: v("recaptureHours"), params: { maximum: MAX_RECAPTURE_HOURS } });
      return z.NEVER;
    }
    return { linkId, hours: n };
  });

/** Which choice of the form a stored interval shows as. */
export function scheduleChoice(hours: number | null): "off" | "daily" | "weekly" | "custom" {
  if (hours === null) return "off";
  if (hours === 24) return "daily";
  if (hours === 24 * 7) return "weekly";
  return "custom";
}
