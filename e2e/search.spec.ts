import { seedArticles } from "../lib/seed/articles";
import { expect, test } from "./fixtures/kura";

// The search box over the seeded write-ups: each query shows the write-up with a highlighted snippet, and opening
// it from the results marks the hit in the reader and scrolls to it.
const title = (slug: string) => seedArticles.find((a) => a.slug === slug)!.title;

const cases: Array<{ what: string; q: string; slug: string; first: boolean }> = [
  { what: "a Chinese word", q: "防火墙", slug: "docker-registry-centos7-firewalld-zh", first: false },
  { what: "a Japanese word", q: "転送", slug: "docker-registry-centos7-firewalld-ja", first: true },
  { what: "an English error message", q: "No buffer space available", slug: "docker-network-centos8-virtualbox-firewalld-zh", first: true },
  { what: "a command with different spacing", q: "net.ipv4.ip_forward=1", slug: "docker-registry-centos7-firewalld-en", first: false },
  { what: "several words in another order", q: "unreachable firewalld registry", slug: "docker-registry-centos7-firewalld-en", first: true },
  { what: "tag: syntax with a word", q: "tag:calico iptables", slug: "k8s-calico-iptables-restart-docker-rules-zh", first: true },
];

for (const c of cases) {
  test(`search: ${c.what} (${c.q}) finds the write-up with a marked snippet and the hit in the reader`, async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox").fill(c.q);
    await page.getByRole("searchbox").press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]q=`));
    const entry = page.getByTestId("entry").filter({ has: page.getByTestId("entry-title").getByText(title(c.slug), { exact: true }) });
    await expect(entry).toHaveCount(1);
    if (c.first) await expect(page.getByTestId("entry-title").first()).toHaveText(title(c.slug));
    await expect(entry.getByTestId("snippet").locator("mark").first()).toBeVisible();

    await entry.getByTestId("entry-title").click();
    await expect(page.getByTestId("link-title")).toHaveText(title(c.slug));
    const hit = page.getByTestId("search-hit").first();
    await expect(hit).toBeVisible();
    await expect(hit).toBeInViewport();
  });
}

test("search: the count and results follow the syntax, and a search URL can be shared", async ({ page }) => {
  await page.goto(`/?q=${encodeURIComponent("docker lang:ja")}`);
  await expect(page.getByTestId("entry")).toHaveCount(seedArticles.filter((a) => a.language === "ja").length);
  await page.goto(`/?q=${encodeURIComponent("zzqx-no-such-word")}`);
  await expect(page.getByTestId("entry")).toHaveCount(0);
});
