import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "../support/journey";

test("pages carry a strict CSP and the other security headers", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  const page = (await request.get("/sign-in")).headers()["content-security-policy"] ?? "";
  expect(page).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
});

test("a cross-site mutation is refused", async ({ request }) => {
  const response = await request.post("/api/trpc/class.join", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: { inviteCode: "DEMO2025" },
  });
  expect(response.status()).toBe(403);
});

test("sign-in shows a clear error, then signs in, shows role-aware navigation and signs out", async ({
  page,
}) => {
  await page.goto("/classes");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fclasses/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  await screenshot(page, "sign-in");

  await page.getByLabel("Email").fill("instructor@groundwork.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toContainText(/invalid|match/i);

  await page.getByLabel("Password").fill("groundwork-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/classes$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Classes" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Packages" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/classes");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a missing page is a clear not-found page, never a stack trace", async ({ page }) => {
  await signIn(page, "student", "/learn");
  const response = await page.goto("/lessons/no-such-lesson");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/at \w+ \(|Error:/);
  await expectAccessible(page, "not found");
});

test("the theme toggle switches to dark and the choice survives a reload; phones get one column", async ({
  page,
}) => {
  await signIn(page, "student", "/learn");
  const toggle = page.getByRole("button", { name: /theme/i });
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expectAccessible(page, "student home, dark");
  await screenshot(page, "student-home-dark");
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "student-home-phone");
});

test("an admin manages people; other roles cannot open the page", async ({ page }) => {
  await signIn(page, "admin", "/admin");
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "student@groundwork.test" });
  await expect(row.getByRole("combobox", { name: /Role of/ })).toHaveValue("student");
  await expectAccessible(page, "admin people");
  await screenshot(page, "admin-people");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, "student", "/admin");
  await expect(page.getByRole("heading", { name: "Not available" })).toBeVisible();
});

test("sign-in and sign-out work before any JavaScript runs, and the password never reaches a URL", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  await page.goto("/sign-in?next=%2Flearn");
  await page.getByLabel("Email").fill("student@groundwork.test");
  await page.getByLabel("Password").fill("wrong-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toContainText("do not match");
  await page.getByLabel("Email").fill("student@groundwork.test");
  await page.getByLabel("Password").fill("groundwork-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole("heading", { name: "My work" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(urls.filter((url) => url.includes("groundwork-demo") || url.includes("wrong-password"))).toEqual([]);
  await context.close();
});

test("the lesson reader and the quiz player load at most 170 KB of JavaScript over the wire", async ({
  browser,
}) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "student", "/learn");
  const seeded = page.getByRole("article").filter({ hasText: "Period 1: The DeepSeek Moment" });
  const lessonPath = (await seeded.getByRole("link", { name: "Read the lesson" }).getAttribute("href")) ?? "";
  const start = seeded.getByRole("button", { name: /Start quiz|Try again/ });
  if (await start.isVisible()) {
    await start.click();
    await expect(page).toHaveURL(/\/attempts\//);
    await page.goto("/learn");
  }
  const quizPath = (await seeded.getByRole("link", { name: "Continue quiz" }).getAttribute("href")) ?? "";
  const storageState = await page.context().storageState();

  // A cold cache per route, as a student's first visit; sizes are as sent (gzip), headers included.
  const measure = async (path: string) => {
    const context = await browser.newContext({ storageState });
    const fresh = await context.newPage();
    await fresh.goto(path, { waitUntil: "networkidle" });
    const bytes = await fresh.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname.endsWith(".js"))
        .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).transferSize, 0),
    );
    await context.close();
    return bytes;
  };
  for (const [label, path] of [
    ["lesson reader", lessonPath],
    ["quiz player", quizPath],
  ] as const) {
    const bytes = await measure(path);
    test.info().annotations.push({
      type: `${label} JS over the wire`,
      description: `${(bytes / 1024).toFixed(1)} KB`,
    });
    console.log(`${label}: ${(bytes / 1024).toFixed(1)} KB of JavaScript over the wire`);
    expect(bytes, label).toBeGreaterThan(10_000);
    expect(bytes, label).toBeLessThanOrEqual(170 * 1024);
  }
  await page.context().close();
});
