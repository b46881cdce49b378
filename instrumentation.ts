// Runs once when the Next.js server starts: the in-process capture worker lives here (unless disabled).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInProcessWorker } = await import("./lib/runtime/in-process");
  await startInProcessWorker();
}
