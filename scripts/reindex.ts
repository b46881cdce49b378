// `npm run reindex`: rebuilds the search index (lib/search) from the Link, Snapshot and Tag tables.
import { searchIndex } from "@/lib/search";

const started = performance.now();
const n = await searchIndex().reindex();
console.log(`Indexed ${n} entries in ${Math.round(performance.now() - started)} ms.`);
