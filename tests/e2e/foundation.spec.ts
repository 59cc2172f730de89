import { expect, test } from "@playwright/test";

test("the web origin proxies /api/health, which checks the real database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "sqlite" });
});

test("a click writes through tRPC and Prisma, and the page shows it after a reload", async ({ page }) => {
  await page.goto("/");
  const course = page.getByRole("region", { name: "The DeepSeek Moment" });
  await expect(course).toBeVisible();
  const count = course.getByTestId("interest-count");
  const before = Number.parseInt((await count.textContent()) ?? "", 10);
  expect(Number.isNaN(before)).toBe(false);

  await course.getByRole("button", { name: "I'm interested" }).click();
  await expect(count).toHaveText(new RegExp(`^${before + 1} `));

  await page.reload();
  await expect(
    page.getByRole("region", { name: "The DeepSeek Moment" }).getByTestId("interest-count"),
  ).toHaveText(new RegExp(`^${before + 1} `));
  await page.screenshot({ path: ".test-results/screenshots/home.png", fullPage: true });
});
