// `npm start` on PostgreSQL (DATABASE_URL=postgresql://…): migrates the server before the seed and the web tier
// use it, as the first capture worker would (lib/db/prepare.ts: an advisory lock, so several machines may race).
import { prepareDatabase } from "@/lib/db/prepare";
import { db } from "@/lib/db/client";

await prepareDatabase((line) => console.log(`[kura] ${line}`));
await db().$disconnect();
