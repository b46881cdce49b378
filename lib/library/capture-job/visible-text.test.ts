import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/db/testing";
import { serveRoutes } from "@/lib/capture/testing";

// Issue 11: text a reader can see is searchable. A post whose fix sits in a TL;DR box and a closed <details> —
// both left out of Readability's article — is found by that fix, and its commands reach the Commands page.
useTempDataDir({ KURA_ALLOWED_HOSTS: "127.0.0.1", KURA_CAPTURE_BUDGET_MS: "60000", KURA_NETWORK_IDLE_MS: "200" });

const { db } = await import("@/lib/db/client");
const { BrowserHost } = await import("@/lib/capture/browser/host");
const { captureSettings } = await import("@/lib/capture/settings");
const { config } = await import("@/lib/config");
const { captureSnapshotNow } = await import("./handler");
const { addEntry } = await import("@/lib/library/entries");
const { LibrarySearch, listEntries } = await import("@/lib/library/search");
const { listExtracts } = await import("@/lib/library/extracts");

const host = new BrowserHost({ maxContexts: 1, handleSignals: false });
const deps = { host, settings: captureSettings(config()) };
const paragraphs = Array.from(
  { length: 12 },
  (_, i) =>
    `<p>Paragraph ${i + 1} of the long story: the registry stopped answering after a reboot, and we looked at the logs, the routes and the zones one by one before finding anything at all.</p>`,
).join("");
const site = await serveRoutes({
  "/post": (res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><title>Registry outage notes</title>
      <body><header><nav><a href="/">Home</a></nav></header>
      <aside class="tldr"><strong>TL;DR</strong><pre>sudo firewall-cmd --permanent --zone=trusted --add-interface=docker0</pre></aside>
      <main><article><h1>Registry outage notes</h1>${paragraphs}</article></main>
      <details><summary>Full error</summary><pre>Error response from daemon: Get https://registry.lan:5000/v2/: net/http: TLS handshake timeout quokka</pre></details>
      <div style="display:none">invisible-marmot</div><template>template-walrus</template>
      <table><tr><td>zone</td><td>trusted-wombat</td></tr></table></body></html>`),
});

afterAll(async () => {
  await host.close();
  await site.close();
});

describe("visible text beside the article", () => {
  it("keeps what a reader can see or open, finds the entry by it, and extracts its commands and errors", async () => {
    const { linkId } = await addEntry({ url: `${site.origin}/post`, tags: [] });
    const snapshot = await db().snapshot.findFirstOrThrow({ where: { linkId } });
    expect((await captureSnapshotNow(snapshot.id, deps)).kind).toBe("done");
    const row = await db().snapshot.findUniqueOrThrow({ where: { id: snapshot.id } });

    // Readability's article leaves the box and the details out: that is why the visible text is kept.
    expect(row.text).toContain("Paragraph 12 of the long story");
    expect(row.text).not.toContain("--add-interface=docker0");
    expect(row.text).not.toContain("quokka");
    expect(row.pageText).toContain("sudo firewall-cmd --permanent --zone=trusted --add-interface=docker0");
    expect(row.pageText).toContain("TLS handshake timeout quokka");
    expect(row.pageText).toContain("trusted-wombat");
    expect(row.pageText).not.toContain("invisible-marmot");
    expect(row.pageText).not.toContain("template-walrus");

    for (const q of ["add-interface=docker0", "quokka", "trusted-wombat", '"TLS handshake timeout"']) {
      const found = await listEntries(LibrarySearch.from({ q }));
      expect(
        found.entries.map((e) => e.id),
        q,
      ).toEqual([linkId]);
      expect(found.snippets[linkId], q).toMatch(/<mark>/);
    }
    expect((await listEntries(LibrarySearch.from({ q: "invisible-marmot" }))).entries).toEqual([]);

    const commands = await listExtracts("command", "add-interface", 1);
    expect(commands.groups.map((g) => g.text)).toContain("sudo firewall-cmd --permanent --zone=trusted --add-interface=docker0");
    const errors = await listExtracts("error", "handshake", 1);
    expect(errors.groups.map((g) => g.text)[0]).toMatch(/^Error response from daemon: .*TLS handshake timeout quokka$/);
  }, 90_000);
});
