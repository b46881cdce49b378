/**
 * Serves bench/corpus/ on two loopback ports (the second one is a different origin, for cross-origin iframes).
 *
 * - `{{ORIGIN}}` and `{{CROSS_ORIGIN}}` in .html/.css files are replaced by the two origins, `{{PAGE}}` by the
 *   `?page=` parameter (letters, digits, hyphens): one file serves many distinct pages.
 * - `?delay=MS` delays any response (simulates a slow API for fetch()-rendered content).
 * - `/fonts/NAME` serves a web font from node_modules (see FONT_CANDIDATES).
 * - `/hang/...` sends headers and never finishes (a subresource that never ends); closed on shutdown.
 * - `/r/PATH` answers 302 to `/PATH` (resources behind a redirect).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export const CORPUS_DIR = path.join(import.meta.dirname, "corpus");
const ROOT = path.resolve(import.meta.dirname, "..");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

/** Web fonts shipped inside installed packages: @fontsource if present, else the copies bundled in prisma's studio. */
const FONT_CANDIDATES: Record<string, Array<{ dir: string; pattern: RegExp }>> = {
  "inter-400.woff2": [
    { dir: "node_modules/@fontsource/inter/files", pattern: /^inter-latin-400-normal\.woff2$/ },
    { dir: "node_modules/prisma/build/public/assets", pattern: /^inter-latin-400-normal\.[0-9a-f]+\.woff2$/ },
  ],
  "inter-600.woff2": [
    { dir: "node_modules/@fontsource/inter/files", pattern: /^inter-latin-600-normal\.woff2$/ },
    { dir: "node_modules/prisma/build/public/assets", pattern: /^inter-latin-600-normal\.[0-9a-f]+\.woff2$/ },
  ],
  "mono-400.woff2": [
    { dir: "node_modules/@fontsource/jetbrains-mono/files", pattern: /^jetbrains-mono-latin-400-normal\.woff2$/ },
    { dir: "node_modules/prisma/build/public/assets", pattern: /^jetbrains-mono-latin-400-normal\.[0-9a-f]+\.woff2$/ },
  ],
};

/** Path of an installed web font file, or null when none of the candidates is installed. */
export function findFont(name: string): string | null {
  for (const candidate of FONT_CANDIDATES[name] ?? []) {
    const dir = path.join(ROOT, candidate.dir);
    let files: string[];
    try {
      files = fs.readdirSync(dir);
    } catch {
      continue;
    }
    const file = files.find((f) => candidate.pattern.test(f));
    if (file) return path.join(dir, file);
  }
  return null;
}

export type CorpusServer = {
  origin: string;
  crossOrigin: string;
  /** Number of requests served per path (both ports), to check what a replay or capture asked for. */
  hits: Map<string, number>;
  close(): Promise<void>;
};

export async function startCorpusServer(): Promise<CorpusServer> {
  const hanging = new Set<http.ServerResponse>();
  const hits = new Map<string, number>();
  const origins = { origin: "", crossOrigin: "" };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const delay = Math.min(5000, Number(url.searchParams.get("delay") ?? 0) || 0);
    setTimeout(() => serve(url, res), delay);
  };

  const serve = (url: URL, res: http.ServerResponse) => {
    if (url.pathname.startsWith("/hang/")) {
      res.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
      res.flushHeaders();
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (url.pathname.startsWith("/r/")) {
      res.writeHead(302, { location: url.pathname.slice(2) + url.search, "cache-control": "no-store" }).end();
      return;
    }
    let file: string | null;
    if (url.pathname.startsWith("/fonts/")) {
      file = findFont(path.basename(url.pathname));
    } else {
      const relative = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
      file = path.join(CORPUS_DIR, path.normalize(relative));
      if (!file.startsWith(CORPUS_DIR + path.sep)) file = null;
    }
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const ext = path.extname(file);
    let body: Buffer = fs.readFileSync(file);
    if (ext === ".html" || ext === ".css") {
      const page = /^[\w-]{0,40}$/.test(url.searchParams.get("page") ?? "") ? (url.searchParams.get("page") ?? "") : "";
      body = Buffer.from(
        body.toString("utf8").replaceAll("{{ORIGIN}}", origins.origin).replaceAll("{{CROSS_ORIGIN}}", origins.crossOrigin).replaceAll("{{PAGE}}", page),
      );
    }
    res.writeHead(200, {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    });
    res.end(body);
  };

  const listen = async () => {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
  };
  const [main, cross] = [await listen(), await listen()];
  origins.origin = `http://127.0.0.1:${(main.address() as AddressInfo).port}`;
  origins.crossOrigin = `http://127.0.0.1:${(cross.address() as AddressInfo).port}`;

  return {
    ...origins,
    hits,
    async close() {
      for (const res of hanging) res.destroy();
      await Promise.all(
        [main, cross].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
