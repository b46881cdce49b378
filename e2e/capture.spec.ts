import net, { type AddressInfo } from "node:net";
import { expect, loadedWidth, test } from "./fixtures/kura";

test("paste a local page: it is captured with thumbnail, screenshot, archived HTML and text; tag and filter", async ({ page, kura, site }) => {
  const url = site.url("/articles/registry-notes");
  await page.goto("/");
  await kura.paste(url, "loopback, Notes");

  const entry = kura.entryFor(url);
  await expect(entry).toBeVisible();
  await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 45_000 });
  const thumbnail = entry.getByTestId("thumbnail");
  await expect(thumbnail).toBeVisible();
  expect(await loadedWidth(thumbnail)).toBeGreaterThan(100);
  await expect(entry.getByTestId("tag")).toHaveText(["#loopback", "#Notes"]);

  await entry.getByTestId("entry-title").click();
  await expect(page.getByTestId("reader")).toContainText("the DOCKER chain was gone after a firewalld reload");
  await expect(page.getByTestId("reader")).toContainText("Paragraph 6 of the registry-notes article");

  await page.getByRole("link", { name: "Screenshot" }).click();
  const screenshot = page.getByTestId("screenshot");
  await expect(screenshot).toBeVisible();
  expect(await loadedWidth(screenshot)).toBe(1280);

  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const frame = page.frameLocator('[data-testid="archive-frame"]');
  await expect(frame.getByRole("heading", { name: "Loopback article registry-notes" })).toBeVisible();
  await expect(page.getByTestId("archive-frame")).toHaveAttribute("sandbox", "");

  await page.getByRole("link", { name: "Info" }).click();
  await expect(page.getByTestId("info")).toContainText(url);
  await expect(page.getByTestId("info")).toContainText("text/html");

  // Edit tags, then filter the library by the new one.
  await page.getByLabel("Tags", { exact: true }).last().fill("loopback, e2e-filter");
  await page.getByRole("button", { name: "Save tags" }).click();
  await expect(page.getByText("Tags saved.")).toBeVisible();
  await page.goto("/?tag=e2e-filter");
  await expect(page.getByTestId("entry")).toHaveCount(1);
  await expect(page.getByTestId("entry-title")).toHaveText("Loopback article registry-notes");
  await page.goto("/?tag=notes");
  await expect(page.getByTestId("entry")).toHaveCount(0);
});

test("pasting a link already in the library opens its entry instead of duplicating it", async ({ page, kura, site }) => {
  await kura.pasteAndWait(site.url("/articles/dup-check"), "ready");
  const before = await kura.entryCount();
  // The same page with a fragment is the same link after normalization.
  await kura.paste(site.url("/articles/dup-check") + "#section-2");
  await expect(page.getByText("already in your library")).toBeVisible();
  await expect(page.getByTestId("link-title")).toHaveText("Loopback article dup-check");
  await page.goto("/");
  expect(await kura.entryCount()).toBe(before);
});

test("the archived HTML is served sandboxed: CSP sandbox, no scripts, nosniff", async ({ page, kura, site, request }) => {
  const entry = await kura.pasteAndWait(site.url("/articles/sandbox-check"), "ready");
  await entry.getByTestId("entry-title").click();
  await page.getByRole("link", { name: "Archived page", exact: true }).click();
  const src = await page.getByTestId("archive-frame").getAttribute("src");
  const response = await request.get(src!);
  expect(response.status()).toBe(200);
  const csp = response.headers()["content-security-policy"]!;
  expect(csp.split(";").map((d) => d.trim())).toEqual(expect.arrayContaining(["sandbox", "script-src 'none'", "default-src 'none'"]));
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  const html = await response.text();
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain("Archived by Kura from");
});

test("a javascript: link is refused in the form with a clear message and nothing is stored", async ({ page, kura }) => {
  await page.goto("/");
  const before = await kura.entryCount();
  await kura.paste("javascript:alert(1)");
  await expect(kura.pasteError()).toHaveText('Only http and https links can be archived (got "javascript:").');
  await kura.paste("not a url at all");
  await expect(kura.pasteError()).toHaveText("That is not a valid web address.");
  await page.goto("/");
  expect(await kura.entryCount()).toBe(before);
});

test("an over-long or empty tag is refused and the link is not added", async ({ page, kura, site }) => {
  await page.goto("/");
  const before = await kura.entryCount();
  await kura.paste(site.url("/articles/tag-check"), "x".repeat(41));
  await expect(kura.pasteError()).toHaveText("Tag names are at most 40 characters.");
  await kura.paste(site.url("/articles/tag-check"), "docker,,x");
  await expect(kura.pasteError()).toHaveText("Tag names cannot be empty.");
  await page.goto("/");
  expect(await kura.entryCount()).toBe(before);
});

test("unreachable hosts and HTTP errors end as failed entries with a reason, and can be captured again", async ({ page, kura, site }) => {
  await page.goto("/");
  await kura.paste("http://no-such-host.invalid/page");
  const dns = kura.entryFor("http://no-such-host.invalid/page");
  await expect(dns.getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(dns.getByTestId("entry-error")).toContainText(/could not resolve|DNS/i);

  await kura.paste(site.url("/missing-page"));
  const missing = kura.entryFor(site.url("/missing-page"));
  await expect(missing.getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(missing.getByTestId("entry-error")).toHaveText("The server answered HTTP 404 Not Found.");

  await missing.getByTestId("entry-title").click();
  await expect(page.getByTestId("capture-error")).toContainText("HTTP 404");
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("snapshots").getByTestId("version")).toHaveCount(2);
  await expect(page.getByTestId("snapshots").getByTestId("version").first().getByTestId("status")).toHaveAttribute("data-status", "failed", {
    timeout: 30_000,
  });
});

test("a closed port is reported as a refused connection", async ({ page, kura }) => {
  // A port that was free a moment ago (port 9 is now refused earlier, as one of Chromium's restricted ports).
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const closed = `http://127.0.0.1:${port}/closed`;
  await page.goto("/");
  await kura.paste(closed);
  const entry = kura.entryFor(closed);
  await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(entry.getByTestId("entry-error")).toContainText(/refused/i);
});

test("pasting several links, one per line, adds them all and shows overall progress", async ({ page, kura, site }) => {
  const urls = ["bulk-one", "bulk-two", "bulk-three"].map((slug) => site.url(`/articles/${slug}`));
  await page.goto("/");
  await kura.paste(urls.join("\n"), "bulk");
  const progress = page.getByTestId("batch-progress");
  await expect(progress).toContainText("of 3 links captured");
  await expect(progress).toContainText("3 of 3 links captured", { timeout: 60_000 });
  await expect(progress).toContainText("3 ready, 0 failed");
  for (const url of urls) await expect(kura.entryFor(url).getByTestId("status")).toHaveAttribute("data-status", "ready");
  await page.goto("/?tag=bulk");
  await expect(page.getByTestId("entry")).toHaveCount(3);
});

test("a batch with a bad line is refused whole, naming the line, and keeps the text", async ({ page, kura, site }) => {
  await page.goto("/");
  const before = await kura.entryCount();
  const text = `${site.url("/articles/batch-ok")}\njavascript:alert(1)`;
  await kura.paste(text);
  await expect(kura.pasteError()).toHaveText('Line 2: Only http and https links can be archived (got "javascript:").');
  await expect(page.getByRole("textbox", { name: "Link to archive" })).toHaveValue(text);
  await page.goto("/");
  expect(await kura.entryCount()).toBe(before);
});

test("a link pasted without a scheme is tried as https and, when the server speaks only http, captured over http", async ({ page, kura, site }) => {
  const httpUrl = site.url("/articles/no-scheme-fallback");
  await page.goto("/");
  await kura.paste(httpUrl.slice("http://".length));
  // The entry starts as the https guess and ends as the http page, captured once.
  await expect(async () => {
    await page.goto("/");
    await expect(kura.entryFor(httpUrl).getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(kura.entryFor(httpUrl.replace("http://", "https://"))).toHaveCount(0);
  await expect(kura.entryFor(httpUrl).getByTestId("entry-title")).toHaveText("Loopback article no-scheme-fallback");
});

test("an address typed with https:// is never downgraded: a plain-http server fails with the hint to try http", async ({ page, kura, site }) => {
  const httpsUrl = site.url("/articles/typed-https").replace("http://", "https://");
  await page.goto("/");
  await kura.paste(httpsUrl);
  const entry = kura.entryFor(httpsUrl);
  await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "failed", { timeout: 45_000 });
  await expect(entry.getByTestId("entry-error")).toHaveText("This server does not speak HTTPS.");
  await expect(entry.locator("[data-failure=notHttps]")).toContainText(`Try ${site.origin}`);
});
