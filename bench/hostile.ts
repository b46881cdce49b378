/**
 * Hostile-resource benchmark: `npm run bench:hostile` (tsx bench/hostile.ts). Needs a production build (`next build`).
 *
 * Starts the built app (as `npm start` serves it) on a fresh, migrated data folder with loopback allowlisted, signs a user in by
 * creating a session row, and runs each case against it while a probe (its own process: bench/login-probe.mjs)
 * requests `/login` every 50 ms and /proc is
 * sampled for the web server's and the capture worker's resident memory. The app runs as `npm start` runs it: the web
 * server and the capture worker as two processes (BENCH_INPROCESS=1: the old single process). Captures are queued
 * through the library (the worker picks them up from the database), exactly as a paste queues them.
 *
 * Cases: a page-count PDF bomb (2.4 MB, 20,000 pages); 30 parallel 8 MiB images; 30 parallel 8 MiB 404 bodies; a
 * 25 MiB document; a page of 2,000 iframes; a DOM nested 100,000 deep; two 2.2 MB texts diffed by the diff page; 150
 * live-progress streams from one user. Per case: /login worst and p99 latency, peak RSS growth of the server (and of
 * the worker), bytes stored (the snapshot's file) against the cap that applies, the outcome, and whether two small
 * pages queued at the same moment (the hostile capture's neighbours in the same browser) ended ready.
 *
 * Env: BENCH_PORT (3290), BENCH_INPROCESS (0), BENCH_CASES (all; e.g. iframes,streams).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { listProcs, processTree, rssBytes } from "../lib/capture/browser/proc";
import { bestEffort } from "../lib/log/best-effort";
import { startApp } from "../scripts/serve-app.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const BASE = `http://127.0.0.1:${PORT}`;
const MIB = 1024 * 1024;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kura-bench-hostile-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(PORT),
  KURA_DATA_DIR: dataDir,
  KURA_ALLOWED_HOSTS: "127.0.0.1",
  KURA_WORKER_POLL_MS: "200",
  KURA_JOB_MAX_ATTEMPTS: "1",
  // The hostile capture and its two neighbours run at once, in the one shared browser.
  KURA_CAPTURE_CONCURRENCY: "3",
  NEXT_TELEMETRY_DISABLED: "1",
};
Object.assign(process.env, env);
execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"], cwd: ROOT });

const { db } = await import("../lib/db/client");
const { createUser } = await import("../lib/accounts/users");
const { startSession } = await import("../lib/accounts/sessions");
const { addEntry: addEntryNow } = await import("../lib/library/entries");
// One paste at a time from this process: three transactions opened at once on its one SQLite connection pool
// collide (SQLITE_BUSY_SNAPSHOT), which is the bench's problem, not the app's.
let pasting: Promise<unknown> = Promise.resolve();
function addEntry(input: Parameters<typeof addEntryNow>[0]): ReturnType<typeof addEntryNow> {
  const next = pasting.then(() => addEntryNow(input));
  pasting = next.then(
    () => undefined,
    () => undefined,
  );
  return next;
}
const { SESSION_COOKIE } = await import("../lib/accounts/current-user");
const { config } = await import("../lib/config");

// ---------------------------------------------------------------------------------------------------------------
// The hostile site

const BODY = 8 * MIB;
const CHUNK = 64 * 1024;
function stream(res: http.ServerResponse, bytes: number, chunk: () => Buffer | string): void {
  Readable.from(
    (function* () {
      for (let sent = 0; sent < bytes; sent += CHUNK) yield chunk();
    })(),
  ).pipe(res);
}
const filler = Buffer.alloc(CHUNK, 0x41);

/** A valid PDF of `count` pages that share one font and one content stream: small file, huge page walk. */
function pdfOfPages(count: number): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>"];
  objects.push(`<< /Type /Pages /Kids [${Array.from({ length: count }, (_, i) => `${i + 5} 0 R`).join(" ")}] /Count ${count} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const content = "BT /F1 12 Tf 72 720 Td (a page of the PDF bomb) Tj ET";
  objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  for (let i = 0; i < count; i++)
    objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length; // ASCII only: characters are bytes
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
const PDF_BOMB = pdfOfPages(20_000);
const IFRAMES = `<!doctype html><title>2,000 iframes</title><p>two thousand frames</p>${Array.from({ length: 2000 }, (_, i) => `<iframe src="/frame/${i}" width=40 height=20></iframe>`).join("")}`;
// Built by script: the HTML parser stops nesting at 512 levels, a script does not.
const DEEP_DOM = `<!doctype html><title>deep DOM</title><body><script>
let node = document.body;
for (let i = 0; i < 100000; i++) node = node.appendChild(document.createElement("div"));
node.textContent = "the bottom";
</script>`;
const NEIGHBOUR = `<!doctype html><title>neighbour</title><p>${"An ordinary page captured beside the hostile one. ".repeat(20)}</p>`;

const site = http.createServer((req, res) => {
  const url = req.url ?? "";
  const html = (body: string) => void res.writeHead(200, { "content-type": "text/html" }).end(body);
  if (url === "/bomb.pdf") return void res.writeHead(200, { "content-type": "application/pdf" }).end(PDF_BOMB);
  if (url === "/iframes") return html(IFRAMES);
  if (url.startsWith("/frame/")) return html(`<p>frame ${url.slice(7)}</p>`);
  if (url === "/deep") return html(DEEP_DOM);
  if (url.startsWith("/neighbour/")) return html(NEIGHBOUR);
  const many = (kind: string) =>
    `<!doctype html><title>${kind}</title><p>thirty ${kind}</p>` +
    Array.from({ length: 30 }, (_, i) => `<img src="/${kind}/${i}.png" width=8 height=8>`).join("");
  if (url === "/images" || url === "/errors") return void res.writeHead(200, { "content-type": "text/html" }).end(many(url.slice(1)));
  if (url.startsWith("/images/")) {
    res.writeHead(200, { "content-type": "image/png", "content-length": BODY });
    return stream(res, BODY, () => filler);
  }
  if (url.startsWith("/errors/")) {
    res.writeHead(404, { "content-type": "text/html" });
    return stream(res, BODY, () => filler);
  }
  if (url === "/document") {
    res.writeHead(200, { "content-type": "text/html" });
    res.write("<!doctype html><title>25 MiB</title><p>a 25 MiB document</p><!--");
    return stream(res, 25 * MIB, () => filler);
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

// ---------------------------------------------------------------------------------------------------------------
// The app

// As `npm start` runs it: the web server and, unless BENCH_INPROCESS=1, the capture worker as its own process.
const app = startApp({
  port: PORT,
  env: { ...env, KURA_INPROCESS_WORKER: process.env.BENCH_INPROCESS === "1" ? "1" : "0" },
  log: (line) => console.log(`[app] ${line}`),
  stdio: ["ignore", "ignore", "inherit"],
});
const stopServer = () => app.stop("SIGTERM");
process.on("exit", stopServer);
for (let i = 0; ; i++) {
  const ok = await fetch(`${BASE}/login`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 600) throw new Error("the app did not start");
  await new Promise((r) => setTimeout(r, 200));
}
const user = await createUser({ email: "bench@example.org", password: "bench-password-123", role: "admin" });
const { secret } = await startSession(user.id);
const cookie = `${SESSION_COOKIE}=${secret}`;

// ---------------------------------------------------------------------------------------------------------------
// Measuring

type Row = {
  case: string;
  worstMs: number;
  p99Ms: number;
  /** Answers the p99 is read from: under 100 it is the worst of them, so the worst is the figure to read. */
  probes: number;
  webRssGrowthMiB: number;
  /** CPU seconds used during the case by the web server / the worker / its browser / the bench (the hostile site). */
  cpuS: string;
  workerRssGrowthMiB: number | string;
  stored: string;
  outcome: string;
  neighbours: string;
};

/** The /login probe (bench/login-probe.mjs) in its own process, every 50 ms; `stop` gives its latencies (ms). */
function startProbe(): { stop: () => Promise<number[]> } {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "login-probe.mjs"), BASE, "50"], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    async stop() {
      child.stdin.end();
      await exited;
      return out.split("\n").filter(Boolean).map(Number);
    },
  };
}

/** CPU time (s) used so far by each party: the web server (and its children), the worker, its browser, the bench. */
const TICK = 100; // USER_HZ on Linux
function cpuSeconds(pid: number): number {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICK;
  } catch {
    return 0;
  }
}
type Party = "web" | "worker" | "browser" | "bench";
/** Follows each party's processes' CPU time; a process that ends keeps its last reading, one that starts counts from 0. */
function cpuTracker(): { sample: () => void; used: () => Record<Party, number> } {
  const last = new Map<number, { party: Party; seconds: number }>();
  const sample = () => {
    const procs = listProcs();
    const web = app.serverPid();
    const worker = app.workerPid();
    const parties: Array<[Party, number[]]> = [
      ["web", web ? processTree(web, procs).map((p) => p.pid) : []],
      ["worker", worker ? [worker] : []],
      [
        "browser",
        worker
          ? processTree(worker, procs)
              .map((p) => p.pid)
              .filter((pid) => pid !== worker)
          : [],
      ],
      ["bench", [process.pid]],
    ];
    for (const [party, pids] of parties)
      for (const pid of pids) {
        last.set(pid, { party, seconds: cpuSeconds(pid) });
      }
  };
  sample();
  const baseline = new Map([...last].map(([pid, r]) => [pid, r.seconds]));
  return {
    sample,
    used() {
      const out: Record<Party, number> = { web: 0, worker: 0, browser: 0, bench: 0 };
      for (const [pid, r] of last) out[r.party] += r.seconds - (baseline.get(pid) ?? 0);
      return out;
    },
  };
}

let caseNumber = 0;
/** BENCH_CASES=iframes,streams runs only those cases (keys: pdf images errors document iframes deep diff streams). */
const only = process.env.BENCH_CASES?.split(",").filter(Boolean);
async function measure(key: string, name: string, run: () => Promise<{ stored: string; outcome: string }>): Promise<Row | null> {
  if (only && !only.includes(key)) return null;
  await new Promise((r) => setTimeout(r, 1000));
  caseNumber++;
  // The worker's memory is its own (the browser's processes are not counted in either).
  const rssOf = (pid: number | undefined) => (pid ? rssBytes(pid) : 0);
  const baseline = rssOf(app.serverPid());
  const workerBaseline = rssOf(app.workerPid());
  let peak = baseline;
  let workerPeak = workerBaseline;
  const cpu = cpuTracker();
  const sampler = setInterval(() => {
    cpu.sample();
    peak = Math.max(peak, rssOf(app.serverPid()));
    workerPeak = Math.max(workerPeak, rssOf(app.workerPid()));
  }, 100);
  const probe = startProbe();
  // Two ordinary pages queued at the same moment: the worker runs them beside the hostile capture, in its browser.
  const neighbours = Promise.all([1, 2].map((i) => addEntry({ url: `${origin}/neighbour/${caseNumber}-${i}`, tags: [] }).then((e) => ended(e.linkId))));
  const result = await run();
  const neighbourSnapshots = await neighbours;
  const latencies = await probe.stop();
  clearInterval(sampler);
  cpu.sample();
  const used = cpu.used();
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return {
    case: name,
    worstMs: Math.round(latencies.at(-1) ?? 0),
    p99Ms: Math.round(p99),
    probes: latencies.length,
    webRssGrowthMiB: Math.round((peak - baseline) / MIB),
    cpuS: (["web", "worker", "browser", "bench"] as const).map((party) => used[party].toFixed(1)).join(" / "),
    workerRssGrowthMiB: app.workerPid() ? Math.round((workerPeak - workerBaseline) / MIB) : "in-process",
    ...result,
    neighbours: `${neighbourSnapshots.filter((n) => n.status === "ready").length}/2 ready${neighbourSnapshots
      .filter((n) => n.status !== "ready")
      .map((n) => ` (${n.status}: ${n.error ?? ""})`)
      .join("")}`,
  };
}

const mib = (bytes: number | null | undefined) => (bytes == null ? "—" : `${(bytes / MIB).toFixed(1)} MiB`);

/** The entry's latest snapshot once it is ready or failed (or as it is after 180 s). */
async function ended(linkId: number) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const s = await db().snapshot.findFirstOrThrow({ where: { linkId }, orderBy: { id: "desc" } });
    if (s.status === "ready" || s.status === "failed" || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function capture(url: string, cap: number): Promise<{ stored: string; outcome: string }> {
  const { linkId } = await addEntry({ url, tags: [] });
  const s = await ended(linkId);
  if (s.status !== "ready" && s.status !== "failed") return { stored: "—", outcome: `still ${s.status} after 180 s` };
  const notes = s.limitsJson ? (JSON.parse(s.limitsJson) as Array<{ limit: string }>).map((n) => n.limit).join(",") : "";
  return {
    stored: `${mib(s.htmlBytes ?? s.originalBytes)} / cap ${mib(cap)}`,
    outcome: `${s.status}${notes ? ` (${notes})` : ""}${s.error ? `: ${s.error}` : ""}`,
  };
}

const limits = config().capture;
const rows: Array<Row | null> = [];
rows.push(await measure("pdf", `a 20,000-page PDF (${mib(PDF_BOMB.length)})`, () => capture(`${origin}/bomb.pdf`, limits.maxPageBytes)));
rows.push(await measure("images", "30 parallel 8 MiB images", () => capture(`${origin}/images`, limits.maxPageBytes)));
rows.push(await measure("errors", "30 parallel 8 MiB 404 bodies", () => capture(`${origin}/errors`, limits.maxPageBytes)));
rows.push(await measure("document", "a 25 MiB document", () => capture(`${origin}/document`, limits.maxDocumentBytes)));
rows.push(await measure("iframes", "a page of 2,000 iframes", () => capture(`${origin}/iframes`, limits.maxPageBytes)));
rows.push(await measure("deep", "a DOM nested 100,000 deep", () => capture(`${origin}/deep`, limits.maxPageBytes)));

rows.push(
  await measure("diff", "two 2.2 MB texts diffed", async () => {
    const lines = (n: number, tag: string) =>
      Array.from({ length: 40_000 }, (_, i) =>
        i % n === 0 ? `line ${i} of the ${tag} version with words ${i * 7} to read` : `other ${tag} ${i * 13} text`,
      ).join("\n");
    const link = await db().link.create({ data: { url: `${origin}/diffed` } });
    const a = await db().snapshot.create({ data: { linkId: link.id, status: "ready", text: lines(3, "first") } });
    const b = await db().snapshot.create({ data: { linkId: link.id, status: "ready", text: lines(2, "second") } });
    const t = performance.now();
    const response = await fetch(`${BASE}/links/${link.id}/diff?a=${a.id}&b=${b.id}`, { headers: { cookie } });
    const html = await response.text();
    return { stored: `${mib(html.length)} of HTML`, outcome: `HTTP ${response.status} in ${Math.round(performance.now() - t)} ms` };
  }),
);

rows.push(
  await measure("streams", "150 live-progress streams", async () => {
    const aborts = Array.from({ length: 150 }, () => new AbortController());
    // The answers are kept until the end: an unreferenced one is collected by undici, which closes its stream early
    // (a run once counted 12 "open" that way: six given back, then six more let in).
    const answers = await Promise.all(
      aborts.map((c) =>
        fetch(`${BASE}/api/captures/events`, { headers: { cookie }, signal: c.signal }).then(
          (r) => r,
          () => null,
        ),
      ),
    );
    const statuses = answers.map((r) => r?.status ?? 0);
    await new Promise((r) => setTimeout(r, 5000));
    for (const answer of answers) {
      if (answer?.body) await bestEffort(answer.body.cancel(), "closing a held event stream (it may have ended already)");
    }
    for (const c of aborts) c.abort();
    const count = (s: number) => statuses.filter((x) => x === s).length;
    return { stored: "—", outcome: `${count(200)} open, ${count(429)} refused (429), held 5 s` };
  }),
);

console.log("\nbench:hostile — the built app under hostile resources (/login probed every 50 ms)\n");
console.table(rows.filter(Boolean));
stopServer();
site.close();
await db().$disconnect();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
