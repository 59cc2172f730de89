import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  expectAccessible,
  fixtureLessonTitles,
  screenshot,
  seedAssignment,
  signIn,
} from "../support/journey";
import { expectAllSaved, questionTypes } from "../support/quiz";

/** Operates one question with the keyboard alone and returns a check that the answer came back after a reload. */
async function operateByKeyboard(
  page: Page,
  question: Locator,
  type: string,
): Promise<(q: Locator) => Promise<void>> {
  switch (type) {
    case "single_choice":
    case "true_false": {
      await question.getByRole("radio").first().focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowDown");
      await expect(question.getByRole("radio").nth(1)).toBeChecked();
      return (q) => expect(q.getByRole("radio").nth(1)).toBeChecked();
    }
    case "multiple_choice": {
      await question.getByRole("checkbox").first().focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Space");
      await expect(question.getByRole("checkbox").nth(0)).toBeChecked();
      await expect(question.getByRole("checkbox").nth(1)).toBeChecked();
      return async (q) => {
        await expect(q.getByRole("checkbox").nth(0)).toBeChecked();
        await expect(q.getByRole("checkbox").nth(1)).toBeChecked();
      };
    }
    case "cloze":
    case "short_answer":
    case "numeric": {
      const answer = type === "numeric" ? "1968" : "millpond";
      await question.getByRole("textbox").focus();
      await page.keyboard.type(answer);
      return (q) => expect(q.getByRole("textbox")).toHaveValue(answer);
    }
    case "ordering": {
      const items = question.locator(".order-text");
      const first = (await items.first().textContent()) ?? "";
      await question
        .getByRole("button", { name: /^Move down/ })
        .first()
        .focus();
      await page.keyboard.press("Enter");
      await expect(items.nth(1)).toHaveText(first);
      // Focus follows the moved item, so pressing again keeps moving it.
      await expect(page.locator(":focus")).toHaveAttribute("aria-label", `Move down: ${first}`);
      await expect(question.getByText(`moved to position 2`)).toBeAttached();
      return (q) => expect(q.locator(".order-text").nth(1)).toHaveText(first);
    }
    case "matching": {
      const selects = question.getByRole("combobox");
      const count = await selects.count();
      const chosen: string[] = [];
      for (let i = 0; i < count; i += 1) {
        await selects.nth(i).focus();
        for (let k = 0; k <= i; k += 1) await page.keyboard.press("ArrowDown");
        const value = await selects.nth(i).inputValue();
        expect(value).not.toBe("");
        chosen.push(value);
      }
      return async (q) => {
        for (const [i, value] of chosen.entries())
          await expect(q.getByRole("combobox").nth(i)).toHaveValue(value);
      };
    }
    default:
      throw new Error(`unknown type ${type}`);
  }
}

test("each of the eight question widgets renders, works by keyboard alone, and its answer is saved", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  await signIn(page, "student", "/learn");
  // Which types a lesson yields is the generator's call, and a quiz draws a sample of the lesson's
  // questions: each of the fixture's lessons is assigned, and each attempt covers the types still missing.
  const covered = new Set<string>();
  const rounds = fixtureLessonTitles.flatMap((lessonTitle) =>
    [1, 2].map((attempt) => ({ lessonTitle, attempt })),
  );
  let card = page.getByRole("article");
  for (const { lessonTitle, attempt } of rounds) {
    if (covered.size === questionTypes.length) break;
    if (attempt === 1) {
      const seeded = await seedAssignment(baseURL ?? "", {
        name: `Widgets class ${Date.now()}`,
        lessonTitle,
      });
      await page.goto("/learn");
      card = page.getByRole("article").filter({ hasText: seeded.title.split(":")[0] ?? "" });
    }
    await card.getByRole("button", { name: attempt === 1 ? "Start quiz" : "Try again" }).click();
    await expect(page).toHaveURL(/\/attempts\/[\w-]+$/);
    const attemptUrl = page.url();
    const checks: Array<[string, (q: Locator) => Promise<void>]> = [];
    for (const type of questionTypes) {
      if (covered.has(type)) continue;
      const question = page.locator(`section.question[data-question-type="${type}"]`).first();
      if ((await question.count()) === 0) continue;
      await expect(question.getByText(/\S/).first()).toBeVisible();
      checks.push([type, await operateByKeyboard(page, question, type)]);
    }
    if (checks.length > 0) await expectAllSaved(page);
    await expectAccessible(page, `quiz player, attempt ${attempt}`);
    await screenshot(page, `quiz-widgets-${covered.size}`);
    await page.goto(attemptUrl);
    for (const [type, check] of checks) {
      await check(page.locator(`section.question[data-question-type="${type}"]`).first());
      covered.add(type);
    }
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByRole("heading", { name: /^Results:/ })).toBeVisible();
    await page.goto("/learn");
  }
  const missing = questionTypes.filter((t) => !covered.has(t));
  test.info().annotations.push({
    type: "question types operated by keyboard",
    description: `${covered.size} of 8${missing.length ? `; never drawn: ${missing.join(", ")}` : ""}`,
  });
  expect(missing, "the fixture lesson yields every type").toEqual([]);
});

test("a stale save is refused with CONFLICT and the player reloads the latest answer", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const seeded = await seedAssignment(baseURL ?? "", { name: `Conflict class ${Date.now()}` });
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, "student", "/learn");
  await first
    .getByRole("article")
    .filter({ hasText: seeded.title.split(":")[0] ?? "" })
    .getByRole("button", { name: "Start quiz" })
    .click();
  await expect(first).toHaveURL(/\/attempts\/[\w-]+$/);
  const second = await context.newPage();
  await second.goto(first.url());

  const textQuestion = (page: Page) => page.locator('section.question[data-question-type="cloze"]').first();
  await textQuestion(first).getByRole("textbox").fill("from the first tab");
  await expectAllSaved(first);
  // The second tab still holds revision 0 for this question: its save is stale.
  await textQuestion(second).getByRole("textbox").fill("from a stale tab");
  await expect(second.locator("main [role=alert]")).toContainText(/changed elsewhere/);
  await expect(textQuestion(second).getByRole("textbox")).toHaveValue("from the first tab");
  await context.close();
});
