import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/kura";
import { createShareUrl, SIGNED_IN_PAGES, signedOutPage } from "./fixtures/every-page";

// Issue 10, point 14: app pages send a Content Security Policy with a nonce drawn for each request; the framework's
// and the layout's scripts carry it, and a script injected without it does not run.

function nonceOf(policy: string | undefined): string {
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy ?? "")?.[1];
  expect(nonce, `a nonce in: ${policy}`).toBeTruthy();
  return nonce!;
}

/** Collects every CSP violation the page reports (the event, and the console line Chromium writes). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__kuraViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __kuraViolation: (t: string) => void }).__kuraViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${location.pathname} (${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample})`,
      );
    });
  });
  return seen;
}

/**
 * Serves `path` with markup injected into the page as the server sent it (its headers, policy included, untouched):
 * an inline script and an inline event handler, neither with the nonce. Says whether either ran.
 */
async function injectedScriptRuns(page: Page, path: string): Promise<boolean> {
  await page.route(`**${path}`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      "</body>",
      `<script>window.__kuraInjected = true</script><img src="data:," onerror="window.__kuraInjected = true" alt=""></body>`,
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto(path);
  await page.waitForLoadState("load");
  // The page's own inline script (the theme's, with the nonce) ran on the same page.
  await expect(page.locator("html")).toHaveAttribute("data-theme", /^(light|dark)$/);
  await page.unroute(`**${path}`);
  return page.evaluate(() => (window as unknown as { __kuraInjected?: boolean }).__kuraInjected === true);
}

test("every app page gets its own nonce; the page's scripts carry it, archive files keep their sandbox", async ({ request }) => {
  const first = await request.get("/tags");
  const second = await request.get("/tags");
  const policy = first.headers()["content-security-policy"];
  const nonce = nonceOf(policy);
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(policy).toContain(directive);
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(2);
  for (const tag of scripts) expect(tag, "every script tag of the page carries this request's nonce").toContain(`nonce="${nonce}"`);

  const archive = await request.get("/archive/1/html");
  expect(archive.headers()["content-security-policy"] ?? "").not.toContain("nonce-");
});

test("the signed-in pages report no CSP violation, and an injected script does not run", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const { path } of [...SIGNED_IN_PAGES, { path: "/links/1?view=archive" }, { path: "/api/docs" }]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // The layout's inline theme script ran (it alone sets data-theme when no theme was chosen).
  await expect(page.locator("html")).toHaveAttribute("data-theme", /^(light|dark)$/);
  // Client-side navigation loads further chunks through the trusted ones ('strict-dynamic').
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Tags" }).click();
  await expect(page).toHaveURL(/\/tags$/);
  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await page.waitForLoadState("networkidle");
  expect(violations, violations.join("\n")).toEqual([]);
  expect(await injectedScriptRuns(page, "/tags")).toBe(false);
  // Both were refused by the policy, not missed.
  await expect.poll(() => violations.filter((v) => /^script-src-(elem|attr) blocked inline/.test(v)).length).toBe(2);
});

test("the sign-in and share pages, signed out, report no CSP violation and run no injected script", async ({ browser }) => {
  const share = await createShareUrl(browser);
  const page = await signedOutPage(browser, { colorScheme: "dark" });
  const violations = await watchViolations(page);
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.goto(share);
  await expect(page.getByTestId("shared-entry")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(violations, violations.join("\n")).toEqual([]);
  expect(await injectedScriptRuns(page, "/login")).toBe(false);
  await page.context().close();
});
