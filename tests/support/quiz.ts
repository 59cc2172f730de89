import { expect, type Locator, type Page } from "@playwright/test";

export const questionTypes = [
  "single_choice",
  "multiple_choice",
  "true_false",
  "cloze",
  "short_answer",
  "numeric",
  "ordering",
  "matching",
] as const;

/** Answers one question of the player with the mouse and keyboard as a student would; returns its type. */
export async function answerQuestion(question: Locator): Promise<string> {
  const type = (await question.getAttribute("data-question-type")) ?? "";
  switch (type) {
    case "single_choice":
    case "true_false":
      await question.getByRole("radio").first().check();
      break;
    case "multiple_choice":
      await question.getByRole("checkbox").first().check();
      break;
    case "cloze":
    case "short_answer":
      await question.getByRole("textbox").fill("tide");
      break;
    case "numeric":
      await question.getByRole("textbox").fill("1793");
      break;
    case "ordering":
      await question
        .getByRole("button", { name: /^Move down/ })
        .first()
        .click();
      break;
    case "matching": {
      const selects = question.getByRole("combobox");
      const count = await selects.count();
      for (let i = 0; i < count; i += 1) await selects.nth(i).selectOption({ index: 1 + (i % (count || 1)) });
      break;
    }
    default:
      throw new Error(`unknown question type ${type}`);
  }
  return type;
}

/** Waits until the player says every answer is saved. */
export async function expectAllSaved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: /answers saved|Some answers/ })).toHaveText(
    "All answers saved",
    { timeout: 20_000 },
  );
}
