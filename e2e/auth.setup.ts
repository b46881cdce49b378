import { expect, test as setup, type Page } from "@playwright/test";
import { ACCOUNTS, storageStateOf, type AccountName } from "./fixtures/accounts";

async function signIn(page: Page, name: AccountName) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ACCOUNTS[name].email);
  await page.getByLabel("Password").fill(ACCOUNTS[name].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(ACCOUNTS[name].email);
  await page.context().storageState({ path: storageStateOf(name) });
}

setup("sign in as admin and add an editor and a viewer", async ({ page, browser }) => {
  await signIn(page, "admin");
  await page.goto("/settings");
  for (const name of ["editor", "viewer"] as const) {
    const form = page.getByRole("form", { name: "Add user" });
    await form.getByLabel("Email").fill(ACCOUNTS[name].email);
    await form.getByLabel("Password").fill(ACCOUNTS[name].password);
    await form.getByLabel("Role").selectOption(name);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId("user-row").filter({ hasText: ACCOUNTS[name].email })).toBeVisible();
  }
  for (const name of ["editor", "viewer"] as const) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), name);
    await context.close();
  }
});
