// `npm run capture -- <url> --out <dir>`: one capture with the server's engine and safety rules, no server or
// database, written in the same file layout as a snapshot's folder (plus text.txt and meta.json, which the server
// keeps in its database). Exit 0 on success; otherwise a one-line reason on stderr and a non-zero code.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { BrowserHost } from "@/lib/capture/browser/host";
import { capturePage } from "@/lib/capture/capture-page";
import { captureSettings } from "@/lib/capture/settings";
import { toCaptureError } from "@/lib/capture/errors";
import { config } from "@/lib/config";
import { captureFiles } from "@/lib/library/stored-files";
import { webUrlSchema } from "@/lib/validation/url";

const USAGE = "usage: npm run capture -- <url> --out <dir>";

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1 || !values.out) {
    console.error(USAGE);
    return 2;
  }
  const url = webUrlSchema.safeParse(positionals[0]);
  if (!url.success) {
    console.error(`kura capture: ${url.error.issues[0]?.message ?? "invalid URL"}`);
    return 2;
  }
  // Ctrl-C (or SIGTERM) cancels the capture, which then closes the browser on its way out; a second one quits now.
  const host = new BrowserHost({ handleSignals: false, browserPath: config().browserPath, wsEndpoint: config().browserWsEndpoint });
  const cancel = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (cancel.signal.aborted) process.exit(130);
      cancel.abort();
    });
  }
  const started = Date.now();
  try {
    const result = await capturePage(await host.get(), { ...captureSettings(config()), url: url.data, signal: cancel.signal });
    const out = path.resolve(values.out);
    await fs.mkdir(out, { recursive: true });
    // A PDF, image or download is kept as the original file (named by its type) instead of snapshot.html.
    const original = result.original;
    const files: Record<string, Buffer | string> = Object.fromEntries(captureFiles(result).map((f) => [f.name, f.body]));
    files["text.txt"] = result.text;
    for (const [name, body] of Object.entries(files)) await fs.writeFile(path.join(out, name), body);
    const meta = {
      url: url.data,
      finalUrl: result.finalUrl,
      status: result.httpStatus,
      title: result.metadata.title || result.article?.title || null,
      language: result.metadata.language ?? result.article?.lang ?? null,
      contentType: result.contentType,
      ...(original
        ? {
            original: {
              kind: original.info.kind,
              fileName: original.file.fileName,
              bytes: original.file.body.length,
              sha256: crypto.createHash("sha256").update(original.file.body).digest("hex"),
            },
            pages: original.info.pages ?? null,
            author: original.info.author ?? null,
            width: original.info.width ?? null,
            height: original.info.height ?? null,
            unreadable: original.info.problem ?? null,
          }
        : {}),
      sizes: Object.fromEntries(Object.entries(files).map(([name, body]) => [name, Buffer.byteLength(body)])),
      timings: { ...result.timings, wallMs: Date.now() - started },
      limitsHit: result.limitsHit,
      blocked: result.blocked,
    };
    await fs.writeFile(path.join(out, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
    return 0;
  } catch (error) {
    console.error(`kura capture: ${toCaptureError(error).message}`);
    return cancel.signal.aborted ? 130 : 1;
  } finally {
    await host.close();
  }
}

process.exitCode = await main();
