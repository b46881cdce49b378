import { z } from "@/lib/validation/zod";

/** The Commands and Errors pages' query string: odd values fall back to no filter and the first page, never an error. */
export const extractQuerySchema = z.object({
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v[0] : v) ?? "")
    .pipe(z.string().trim().max(200).catch("")),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
