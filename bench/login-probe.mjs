// bench:hostile's /login probe, in a process of its own: the bench's own process also serves the hostile site (30
// streams of 8 MiB, 2,000 frames), and a probe on that busy event loop would time the bench, not the web server.
// Usage: node bench/login-probe.mjs <base URL> <interval ms>; prints each answer's latency (ms) on a line of its own
// and stops when its standard input ends.
const [base, interval = "50"] = process.argv.slice(2);
let running = true;
process.stdin.on("end", () => (running = false));
process.stdin.resume();
while (running) {
  const started = performance.now();
  const response = await fetch(`${base}/login`);
  await response.arrayBuffer();
  process.stdout.write(`${(performance.now() - started).toFixed(1)}\n`);
  await new Promise((resolve) => setTimeout(resolve, Number(interval)));
}
process.stdin.pause();
