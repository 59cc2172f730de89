import { expect, test } from "@playwright/test";
import { newSignedInPage, seedAssignment } from "../support/journey";
import { answerQuestion } from "../support/quiz";

test("under instant feedback a checked answer shows its result and stays locked, also after a reload", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const seeded = await seedAssignment(baseURL ?? "", {
    name: `Instant class ${Date.now()}`,
    feedbackPolicy: "immediate",
  });
  const student = await newSignedInPage(browser, "student", "/learn");
  const card = student.getByRole("article").filter({ hasText: seeded.title.split(":")[0] ?? "" });
  await card.getByRole("button", { name: "Start quiz" }).click();
  await expect(student).toHaveURL(/\/attempts\/[\w-]+$/);

  const first = student.locator("section.question").first();
  const check = first.getByRole("button", { name: "Check answer" });
  await expect(check).toBeDisabled();
  await answerQuestion(first);
  // Nothing saves by itself: the answer is graded (and final) only when checked.
  await expect(first.locator(".result")).toHaveCount(0);
  await check.click();
  await expect(first.locator(".result")).toContainText(/Correct\.|Not quite\./);
  await expect(first.getByText("Checked: this answer is final.")).toBeVisible();
  await expect(first.getByRole("button", { name: "Check answer" })).toHaveCount(0);
  const inputs = first.locator("input, select, textarea, button");
  for (let i = 0; i < (await inputs.count()); i += 1) await expect(inputs.nth(i)).toBeDisabled();

  await student.reload();
  const again = student.locator("section.question").first();
  await expect(again).toHaveAttribute("data-locked", "true");
  await expect(again.locator(".result")).toContainText(/Correct\.|Not quite\./);
  const second = student.locator("section.question").nth(1);
  await expect(second.getByRole("button", { name: "Check answer" })).toBeVisible();
  await student.context().close();
});
