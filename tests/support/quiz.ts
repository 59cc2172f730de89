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

/**
 * Checks that the player shows the answer `answerQuestion` gave this question (after a reload, this
 * proves it came back from the server). An ordering answer is a moved item, which has no control state
 * to read, so only its presence is checked.
 */
export async function expectAnswerShown(question: Locator) {
  const type = (await question.getAttribute("data-question-type")) ?? "";
  switch (type) {
    case "single_choice":
    case "true_false":
      await expect(question.getByRole("radio").first()).toBeChecked();
      break;
    case "multiple_choice":
      await expect(question.getByRole("checkbox").first()).toBeChecked();
      break;
    case "cloze":
    case "short_answer":
      await expect(question.getByRole("textbox")).toHaveValue("tide");
      break;
    case "numeric":
      await expect(question.getByRole("textbox")).toHaveValue("1793");
      break;
    case "ordering":
      await expect(question.getByRole("button", { name: /^Move down/ }).first()).toBeVisible();
      break;
    case "matching":
      for (const select of await question.getByRole("combobox").all())
        await expect(select).not.toHaveValue("");
      break;
    default:
      throw new Error(`unknown question type ${type}`);
  }
}

/** Waits until the player says every answer is saved. */
export async function expectAllSaved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: /answers saved|Some answers/ })).toHaveText(
    "All answers saved",
    { timeout: 20_000 },
  );
}
