import { ensureAdminFromEnv } from "@/lib/accounts/users";
import { BrowserHost } from "@/lib/capture/browser/host";
import { captureSettings } from "@/lib/capture/settings";
import { config } from "@/lib/config";
import { seedKnowledgeBase } from "@/lib/library/knowledge-base";
import { searchIndex } from "@/lib/search";

const settings = config();
const admin = settings.admin;
if (admin && (await ensureAdminFromEnv(admin.email, admin.password))) console.log(`Created the administrator account ${admin.email}.`);

const host = settings.seedCapture ? new BrowserHost({ browserPath: settings.browserPath }) : null;
try {
  const report = await seedKnowledgeBase({ capture: host ? { host, settings: captureSettings(settings) } : null });
  const parts = [`added ${report.added.length}`, `already present ${report.skipped.length}`];
  if (report.failed.length) parts.push(`capture failed for ${report.failed.map((f) => `${f.slug} (${f.reason})`).join(", ")}; queued for retry`);
  console.log(`Knowledge base: ${parts.join(", ")}.`);
} finally {
  await host?.close();
}
// The seeded rows were marked by the index's triggers; index them now rather than at the first search.
let indexed = 0;
for (let n = await searchIndex().catchUp(); n > 0; n = await searchIndex().catchUp()) indexed += n;
console.log(`Search index: ${indexed} entries brought up to date.`);
