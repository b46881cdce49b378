import { expect, test } from "./fixtures/kura";

// Issue 13's relative times: when an entry was added and captured reads "3 minutes ago" in the page's language, the
// exact moment in the viewer's time zone is in the title and the <time dateTime>.

for (const lang of ["en", "zh", "ja"] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: { en: "en-US", zh: "zh-CN", ja: "ja-JP" }[lang], timezoneId: "America/Sao_Paulo" });

    test("the entry page says when it was added and captured, relatively, with the local time on hover", async ({ page }) => {
      // The first page tells the server the browser's time zone.
      await page.goto("/links/1");
      await page.reload();
      const relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
      // The seeded write-up was added when the test server started: seconds, minutes or (a long run) hours ago.
      const recent = [
        ...Array.from({ length: 60 }, (_, n) => relative.format(-n, "second")),
        ...Array.from({ length: 59 }, (_, n) => relative.format(-(n + 1), "minute")),
        ...Array.from({ length: 23 }, (_, n) => relative.format(-(n + 1), "hour")),
      ];
      for (const id of ["link-added", "link-captured"]) {
        const moment = page.getByTestId(id);
        const iso = await moment.getAttribute("datetime");
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const local = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "America/Sao_Paulo" }).format(new Date(iso!));
        await expect(moment).toHaveAttribute("title", local);
        expect(recent).toContain(await moment.innerText());
      }
    });

    test("the entry's Info panel and versions write the exact moment in the viewer's time zone, as Moment's title does", async ({ page }) => {
      await page.goto("/links/1?view=info");
      await page.reload();
      const title = await page.getByTestId("link-added").getAttribute("title");
      for (const id of ["info-added", "info-captured"]) {
        const time = page.getByTestId("info").getByTestId(id);
        const iso = await time.getAttribute("datetime");
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const local = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "America/Sao_Paulo" }).format(new Date(iso!));
        await expect(time).toHaveText(local);
      }
      // The seeded write-up was added and captured in one go: the Info panel's moment is the hover title's.
      expect(await page.getByTestId("info").getByTestId("info-added").innerText()).toBe(title);
      const version = page.getByTestId("version").first().locator("time");
      const iso = await version.getAttribute("datetime");
      await expect(version).toHaveText(
        new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "America/Sao_Paulo" }).format(new Date(iso!)),
      );
      await expect(page.getByTestId("info")).not.toContainText("UTC");
    });
  });
}
