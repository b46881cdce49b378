// Runs once when the Next.js server starts: the database's encoding is checked, the search index is bootstrapped and
// the in-process capture worker lives here (unless disabled) — lib/runtime/web-tier.ts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebTier } = await import("./lib/runtime/web-tier");
  await startWebTier();
}
