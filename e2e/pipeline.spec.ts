import { expect, Kura, test } from "./fixtures/kura";
import { startLiveSite, type LiveSite } from "./fixtures/live-site";
import { storageStateOf } from "./fixtures/accounts";

// The capture pipeline as a user sees it: live progress without reloading, cancel and retry, versions and their
// text diff, scheduled re-capture, and what a viewer may not do.

let site: LiveSite;
test.beforeAll(async () => {
  site = await startLiveSite();
});
test.afterAll(async () => {
  await site.close();
});

const live = (page: import("@playwright/test").Page) => page.getByTestId("live-captures");

test("pasted links go from loading to ready in place, over an event stream, with no reload", async ({ page, kura }) => {
  const slow = site.url("/slow/4000/live-progress");
  const quick = site.url("/changing/live-progress-quick");
  await page.goto("/");
  await page.evaluate(() => ((window as unknown as { kuraMarker: string }).kuraMarker = "same document"));
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
  });
  const stream = page.waitForRequest((request) => request.url().includes("/api/captures/events?"));

  await kura.paste(`${slow}\n${quick}`);
  const request = await stream;
  expect(new URL(request.url()).searchParams.get("links")).toMatch(/^\d+(,\d+)*$/);
  const entry = kura.entryFor(slow);
  // The slow page holds the capture in its loading stage for four seconds: shown while it lasts.
  await expect(entry.getByTestId("status")).toHaveText("Loading page");
  await expect(live(page)).toHaveAttribute("data-connection", "open");
  await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 45_000 });
  await expect(entry.getByTestId("thumbnail")).toBeVisible();
  await expect(kura.entryFor(quick).getByTestId("status")).toHaveAttribute("data-status", "ready");
  await expect(page.getByTestId("batch-progress")).toContainText("2 of 2 links captured");
  await expect(page.getByTestId("batch-progress")).toContainText("2 ready, 0 failed");

  expect(Number(await live(page).getAttribute("data-received"))).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { kuraMarker?: string }).kuraMarker)).toBe("same document");
  expect(documents).toEqual([]);
});

test("a slow capture can be cancelled: it shows Cancelled and Retry, and stays cancelled", async ({ page, kura }) => {
  const slow = site.url("/slow/40000/cancel-me");
  await page.goto("/");
  await kura.paste(slow);
  const entry = kura.entryFor(slow);
  await expect(entry.getByTestId("status")).toHaveText("Loading page", { timeout: 15_000 });
  await entry.getByTestId("cancel-capture").click();
  await expect(entry.getByTestId("status")).toHaveAttribute("data-status", "failed");
  await expect(entry.getByTestId("entry-error")).toHaveText("Cancelled");
  await expect(entry.getByTestId("retry-capture")).toBeVisible();

  // Retry queues a new capture (the page is still slow), which can be cancelled again.
  await entry.getByTestId("retry-capture").click();
  await expect(entry.getByTestId("status")).toHaveText("Loading page", { timeout: 15_000 });
  await entry.getByTestId("entry-title").click();
  await expect(page.getByTestId("link-page")).toBeVisible();
  await page.getByTestId("cancel-capture").click();
  await expect(page.getByTestId("capture-error")).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Retry", exact: true })).toBeVisible();
  // The cancelled worker wrote nothing afterwards: still cancelled after a fresh load.
  await page.waitForTimeout(2000);
  await page.reload();
  await expect(page.getByTestId("capture-error")).toContainText("Cancelled");
  await expect(page.getByTestId("version")).toHaveCount(2);
});

test("a capture the server answers with 503 waits to retry: the attempt and the next try come from its job, live, in each language", async ({
  page,
  kura,
  browser,
}, testInfo) => {
  // Three attempts with 5 s and 20 s of backoff between them (the default policy); a loaded machine makes each
  // attempt slow, so every page is opened first and follows the attempts live.
  test.setTimeout(240_000);
  const url = site.url("/unavailable/retry-me");
  await page.goto("/");
  await kura.paste(url);
  const card = kura.entryFor(url);
  const entryPath = (await card.getByTestId("entry-title").getAttribute("href"))!;
  const entryPage = await page.context().newPage();
  await entryPage.goto(entryPath);
  const localized = [];
  for (const [locale, attempt, retry] of [
    ["zh-CN", "第 3 次尝试，共 3 次", /^下次自动重试：(\d+\s*秒钟?后|现在)$/],
    ["ja-JP", "3 回中 3 回目の試行", /^次の自動再試行：(\d+\s*秒後|今)$/],
  ] as const) {
    const context = await browser.newContext({ storageState: storageStateOf("admin"), baseURL: testInfo.project.use.baseURL, locale });
    const other = await context.newPage();
    await other.goto(entryPath);
    localized.push({ context, page: other, attempt, retry });
  }

  // The card: why the last attempt failed, the attempt to come and when, while the snapshot waits (queued).
  await expect(card.getByTestId("retry-attempt")).toHaveText(/^Attempt [23] of 3$/, { timeout: 120_000 });
  await expect(card.getByTestId("entry-error")).toHaveText("The server answered HTTP 503 Service Unavailable.");
  await expect(card.getByTestId("next-retry")).toHaveText(/^Next automatic retry (in \d+ seconds?|now)$/);
  await expect(card.getByTestId("status")).toHaveAttribute("data-status", "queued");
  // The next attempt runs and fails again: the count moves on without a reload.
  await expect(card.getByTestId("retry-attempt")).toHaveText("Attempt 3 of 3", { timeout: 120_000 });

  // The entry pages, opened before the first attempt ended, follow the same events in their language.
  const notice = entryPage.getByTestId("capture-retrying");
  await expect(notice.getByTestId("retry-attempt")).toHaveText("Attempt 3 of 3");
  for (const { context, page: other, attempt, retry } of localized) {
    await expect(other.getByTestId("capture-retrying").getByTestId("retry-attempt")).toHaveText(attempt);
    await expect(other.getByTestId("capture-retrying").getByTestId("next-retry")).toHaveText(retry);
    await context.close();
  }
  // Rendered afresh while the last attempt waits: the same numbers from the Job row, the time as dateTime.
  await entryPage.reload();
  await expect(notice.getByTestId("retry-attempt")).toHaveText("Attempt 3 of 3");
  const next = notice.getByTestId("next-retry");
  await expect(next).toHaveText(/^Next automatic retry (in \d+ seconds?|now)$/);
  const runAt = Date.parse((await next.getAttribute("datetime"))!);
  expect(runAt).toBeGreaterThan(Date.now() - 30_000);
  expect(runAt).toBeLessThan(Date.now() + 30_000);

  // Cancelling the waiting retry ends it: the notice goes, the capture shows as cancelled.
  await entryPage.getByTestId("cancel-capture").click();
  await expect(entryPage.getByTestId("capture-error")).toContainText("Cancelled");
  await expect(notice).toHaveCount(0);
});

test("capturing a changed page again keeps both versions and the diff shows removed and added words", async ({ page, kura }) => {
  const url = site.url("/changing/release-notes");
  site.setText("release-notes", ["The registry listens on port 5000 behind the proxy.", "Support ends in March for the old mirror."]);
  const entry = await kura.pasteAndWait(url, "ready");
  site.setText("release-notes", ["The registry listens on port 5443 behind the proxy.", "A checksum file now ships with every release."]);
  await entry.getByTestId("entry-title").click();
  await page.getByRole("button", { name: "Capture again" }).click();
  await expect(page.getByTestId("version")).toHaveCount(2);
  await expect(page.getByTestId("version").first().getByTestId("status")).toHaveAttribute("data-status", "ready", { timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Compare versions" })).toBeVisible();
  await page.screenshot({ path: ".kura/test-results/pipeline-link-page.png", fullPage: true });

  await page.getByRole("button", { name: "Compare versions" }).click();
  await expect(page).toHaveURL(/\/links\/\d+\/diff\?/);
  const diff = page.getByTestId("diff");
  await expect(diff.locator('[data-kind="changed"] del')).toHaveText(["5000"]);
  await expect(diff.locator('[data-kind="changed"] ins')).toHaveText(["5443"]);
  await expect(diff.locator('[data-kind="removed"]')).toContainText("Support ends in March for the old mirror.");
  await expect(diff.locator('[data-kind="added"]')).toContainText("A checksum file now ships with every release.");
  await expect(diff.locator('[data-kind="removed"]')).toContainText("−");
  await expect(diff.locator('[data-kind="added"]')).toContainText("+");
  await expect(page.getByTestId("diff-stats")).toContainText("1 changed, 1 added and 1 removed lines");
  // The unchanged background paragraphs are collapsed.
  await expect(diff.locator('[data-kind="skipped"]').first()).toContainText("unchanged line");
  await page.screenshot({ path: ".kura/test-results/pipeline-diff.png", fullPage: true });

  // The same version twice, and the versions in the other order.
  const params = new URL(page.url()).searchParams;
  const [a, b] = [params.get("a"), params.get("b")];
  expect(Number(a)).toBeLessThan(Number(b));
  await page.goto(page.url().replace(/\?.*$/, `?a=${b}&b=${a}`));
  await expect(diff.locator('[data-kind="changed"] del')).toHaveText(["5000"]);
  await page.goto(page.url().replace(/\?.*$/, `?a=${a}&b=${a}`));
  await expect(page.getByTestId("diff-notice")).toHaveText("Pick two different versions to compare.");
});

test("an editor schedules re-capture and sees the next date; a viewer sees no cancel or schedule controls", async ({ page, kura, browser }, testInfo) => {
  const url = site.url("/changing/scheduled");
  const entry = await kura.pasteAndWait(url, "ready");
  await entry.getByTestId("entry-title").click();
  const form = page.getByTestId("schedule-form");
  await form.getByLabel("Repeat").selectOption("custom");
  await form.getByLabel("Hours between captures").fill("0");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByRole("alert")).toHaveText("Enter a whole number of hours from 1 to 8,784.");
  await form.getByLabel("Hours between captures").fill("36");
  const savedAt = Date.now();
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByText("Schedule saved.")).toBeVisible();
  // In the browser's time zone, as the page writes every moment.
  const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone }).format(new Date(savedAt + 36 * 3_600_000));
  await expect(page.getByTestId("next-capture")).toContainText(`Next capture ${day}`);
  await page.reload();
  await expect(page.getByTestId("schedule-form").getByLabel("Hours between captures")).toHaveValue("36");
  await page.getByTestId("schedule-form").getByLabel("Repeat").selectOption("off");
  await page.getByTestId("schedule-form").getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByTestId("next-capture")).toHaveCount(0);
  const entryPath = new URL(page.url()).pathname;

  // A capture in progress, seen by a viewer: live progress yes, controls no.
  const slow = site.url("/slow/40000/viewer-watch");
  await page.goto("/");
  await kura.paste(slow);
  await expect(kura.entryFor(slow).getByTestId("cancel-capture")).toBeVisible();
  const slowPath = await kura.entryFor(slow).getByTestId("entry-title").getAttribute("href");
  const baseURL = testInfo.project.use.baseURL;
  const viewer = await browser.newContext({ storageState: storageStateOf("viewer"), baseURL });
  try {
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(slowPath!);
    await expect(viewerPage.getByTestId("status").first()).toHaveAttribute("data-status", /queued|capturing/);
    await expect(live(viewerPage)).toHaveAttribute("data-connection", "open");
    await expect(viewerPage.getByTestId("cancel-capture")).toHaveCount(0);
    await expect(viewerPage.getByTestId("schedule-form")).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Capture again" })).toHaveCount(0);
    await viewerPage.goto("/");
    // The slow entry is still pending on the library too, so "no Cancel button" is about the role, not the state.
    const viewerEntry = new Kura(viewerPage).entryFor(slow);
    await expect(viewerEntry.getByTestId("status")).toHaveAttribute("data-status", /queued|capturing/);
    await expect(viewerPage.getByTestId("cancel-capture")).toHaveCount(0);
    await viewerPage.goto(entryPath);
    await expect(viewerPage.getByTestId("schedule-form")).toHaveCount(0);
  } finally {
    await viewer.close();
  }
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  try {
    expect((await anonymous.request.get("/api/captures/events")).status()).toBe(401);
  } finally {
    await anonymous.close();
  }
  // Clean up: stop the slow capture if it is still going (on a busy machine it may have timed out by now).
  const cancel = kura.entryFor(slow).getByTestId("cancel-capture");
  if (await cancel.isVisible()) await cancel.click();
});
