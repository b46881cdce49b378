// Runs once when the Next.js server starts: the search index is bootstrapped and the in-process capture worker
// lives here (unless disabled).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The search index's FTS5 tables and triggers (lib/search/bootstrap.ts), filled for rows that predate them.
  const { searchIndex } = await import("./lib/search");
  await searchIndex().catchUp();
  const { startInProcessWorker } = await import("./lib/runtime/in-process");
  await startInProcessWorker();
}
