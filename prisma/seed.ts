import { seedKnowledgeBase } from "@/lib/seed/seed-library";
import { ensureAdminFromEnv } from "@/lib/accounts/users";
import { config } from "@/lib/config";

const admin = config().admin;
if (admin && (await ensureAdminFromEnv(admin.email, admin.password))) console.log(`Created the administrator account ${admin.email}.`);

const report = await seedKnowledgeBase({ capture: process.env.KURA_SEED_CAPTURE !== "0" });
const parts = [`added ${report.added.length}`, `already present ${report.skipped.length}`];
if (report.failed.length) parts.push(`capture failed for ${report.failed.map((f) => `${f.slug} (${f.reason})`).join(", ")}; queued for retry`);
console.log(`Knowledge base: ${parts.join(", ")}.`);
