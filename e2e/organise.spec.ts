import { expect, test } from "./fixtures/kura";

// Organising: one entry's star, state and note and the filters that read them; renaming and merging tags on the
// Tags page; bulk tagging and bulk deleting from the library. Every name here is this spec's own.

test("organise: star, state and note on an entry; is:fav, has:note, the note's words and is:archived find it", async ({ page, kura, site }) => {
  const url = site.url("/articles/organise-star");
  const entry = await kura.pasteAndWait(url, "ready");
  await expect(entry.getByTestId("entry-state")).toHaveAttribute("data-state", "unread");
  await entry.getByTestId("entry-title").click();

  await page.getByTestId("favourite-toggle").click();
  await expect(page.getByTestId("favourite-toggle")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("state-read").click();
  await expect(page.getByTestId("state-read")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("note-input").fill("Check the **zebraquill** flag <script>window.pwned=1</script>");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByText("Note saved.")).toBeVisible();
  await expect(page.getByTestId("note-html").locator("strong")).toHaveText("zebraquill");
  await expect(page.getByTestId("note-html").locator("script")).toHaveCount(0);

  // The reader's own title shows instead of the captured one, which stays and comes back on reset.
  await page.getByTestId("custom-title").fill("My organise title");
  await page.getByRole("button", { name: "Save title and description" }).click();
  await expect(page.getByTestId("link-title")).toHaveText("My organise title");
  await expect(page.getByTestId("captured-title")).toContainText("Loopback article organise-star");

  for (const q of ["is:fav", "has:note", "zebraquill", "is:read", "organise title"]) {
    await page.goto(`/?q=${encodeURIComponent(q)}`);
    await expect(kura.entryFor(url), q).toHaveCount(1);
  }
  await page.goto(`/?q=${encodeURIComponent("is:unread")}`);
  await expect(kura.entryFor(url)).toHaveCount(0);

  await page.goto(`/?q=${encodeURIComponent("is:fav")}`);
  await expect(kura.entryFor(url).getByTestId("entry-star")).toHaveAttribute("aria-pressed", "true");
  await kura.entryFor(url).getByTestId("entry-title").click();
  await page.getByTestId("reset-custom").click();
  await expect(page.getByTestId("link-title")).toHaveText("Loopback article organise-star");
  await page.getByTestId("state-archived").click();
  await expect(page.getByTestId("state-archived")).toHaveAttribute("aria-pressed", "true");

  await page.goto("/");
  await expect(page.getByTestId("archived-hidden")).toBeVisible();
  await expect(kura.entryFor(url)).toHaveCount(0);
  await page.goto(`/?q=${encodeURIComponent("is:archived")}`);
  await expect(kura.entryFor(url)).toHaveCount(1);
  await expect(kura.entryFor(url).getByTestId("entry-state")).toHaveAttribute("data-state", "archived");
});

test("organise: rename a tag, then rename it onto an existing tag to merge them", async ({ page, kura, site }) => {
  await kura.pasteAndWait(site.url("/articles/organise-tag-a"), "ready", "org-alpha");
  await kura.pasteAndWait(site.url("/articles/organise-tag-b"), "ready", "org-beta");
  await page.goto("/tags?sort=name");
  const item = (key: string) => page.locator(`[data-testid="tag-item"][data-key="${key}"]`);

  await item("org-alpha").getByTestId("tag-manage").locator("summary").click();
  await item("org-alpha").getByTestId("tag-rename-input").fill("org-gamma");
  await item("org-alpha").getByTestId("tag-rename").click();
  await expect(item("org-gamma").getByTestId("tag-row")).toContainText("#org-gamma");
  await expect(item("org-alpha")).toHaveCount(0);

  await item("org-gamma").getByTestId("tag-manage").locator("summary").click();
  await item("org-gamma").getByTestId("tag-rename-input").fill("org-beta");
  await item("org-gamma").getByTestId("tag-rename").click();
  await expect(item("org-gamma")).toHaveCount(0);
  await expect(item("org-beta").getByTestId("tag-count")).toHaveText("2 entries");
  await page.goto("/?tag=org-beta");
  await expect(page.getByTestId("entry")).toHaveCount(2);

  // The Tags page finds by part of a name.
  await page.goto("/tags?find=org-be");
  await expect(page.getByTestId("tag-item")).toHaveCount(1);
});

test("organise: bulk tag a shift-clicked range, then select all matching and bulk delete", async ({ page, kura, site }) => {
  const urls = ["bulk-1", "bulk-2", "bulk-3"].map((s) => site.url(`/articles/organise-${s}`));
  for (const url of urls) await kura.pasteAndWait(url, "ready", "org-bulk");
  await page.goto("/?tag=org-bulk");
  await expect(page.getByTestId("entry")).toHaveCount(3);
  const picks = page.getByTestId("entry-select");
  await picks.first().click();
  await picks.last().click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("bulk-count")).toHaveText("3 entries selected");
  await page.getByTestId("bulk-tags").fill("org-bulked");
  await page.getByTestId("bulk-addTags").click();
  await expect(page.getByTestId("bulk-summary")).toHaveText("Tags added to 3 entries.");
  await page.goto("/?tag=org-bulked");
  await expect(page.getByTestId("entry")).toHaveCount(3);

  await page.getByTestId("entry-select").first().click();
  await page.getByTestId("select-all-matching").click();
  await expect(page.getByTestId("bulk-count")).toHaveText("All 3 entries matching this filter are selected.");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await page.getByTestId("bulk-delete").click();
  await expect(page.getByTestId("bulk-summary")).toHaveText("3 entries deleted.");
  expect(asked).toContain("Delete 3 entries");
  await page.goto("/?tag=org-bulked");
  await expect(page.getByTestId("entry")).toHaveCount(0);
  await page.goto("/?tag=org-bulk");
  await expect(page.getByTestId("entry")).toHaveCount(0);
});
