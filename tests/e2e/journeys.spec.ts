import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  accounts,
  ensureFixtureCourse,
  expectAccessible,
  fixtureCourseTitle,
  fixtureLessonTitle,
  newSignedInPage,
  screenshot,
  seedAssignment,
  signIn,
} from "../support/journey";
import { answerQuestion, expectAllSaved, expectAnswerShown } from "../support/quiz";

const packages = join(import.meta.dirname, "..", "fixtures", "packages");

test("an author sees an invalid package's problems, uploads a folder, reviews and publishes it", async ({
  page,
}) => {
  await signIn(page, "author", "/author");
  await expect(page.getByRole("heading", { name: "Content packages" })).toBeVisible();
  await expectAccessible(page, "author packages");
  await screenshot(page, "author-packages");

  await page.getByLabel("Or a folder").setInputFiles(join(packages, "broken"));
  await page.getByRole("button", { name: "Upload package" }).click();
  const problems = page.getByRole("list", { name: "Validation problems" });
  await expect(problems).toContainText('course.yaml:2: missing required field "description"');
  await expect(problems).toContainText("course.yaml:5: version: use a semantic version");
  await expectAccessible(page, "upload problems");
  await screenshot(page, "author-upload-problems");

  await page.reload();
  await page.getByLabel("Or a folder").setInputFiles(join(packages, "tide-mills"));
  await page.getByRole("button", { name: "Upload package" }).click();
  await expect(page).toHaveURL(/\/author\/versions\/[\w-]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("version-status")).toHaveText("draft");
  await expect(page.getByRole("heading", { name: "Normalisation report" })).toBeVisible();
  await expect(page.getByText("How Tide Mills Worked").first()).toBeVisible();
  // The cleaned spans are marked in the raw text, each with what it became.
  const change = page.locator("details[open] mark.change").first();
  await expect(change).toBeVisible();
  await expect(change).toHaveAttribute("title", /→/);
  const questions = page.getByTestId("authored-question");
  await expect(questions.first()).toBeVisible();
  await expect(questions.first().locator(".source-quote").first()).toBeVisible();
  await expect(questions.first()).toContainText("gates passed");
  await expectAccessible(page, "version review");
  await screenshot(page, "author-version");

  // Accept one, reject one (of a type the lesson has many of, so every type stays for the quiz), and
  // have an edit refused by the server-side gates.
  const ofType = (type: string) =>
    page.locator(`[data-testid="authored-question"][data-question-type="${type}"]`);
  const accepted = ofType("single_choice").first();
  await accepted.getByRole("button", { name: "Accept" }).click();
  await expect(accepted.locator(".pill").filter({ hasText: "accepted" })).toBeVisible();
  const rejected = ofType("true_false").first();
  await rejected.getByRole("button", { name: "Reject" }).click();
  await expect(rejected.locator(".pill").filter({ hasText: "rejected" })).toBeVisible();
  const edited = ofType("cloze").first();
  await edited.getByRole("button", { name: "Edit" }).click();
  const editor = edited.getByRole("textbox");
  const json = JSON.parse(await editor.inputValue());
  await editor.fill(
    JSON.stringify({
      ...json,
      sourceRefs: [{ ...json.sourceRefs[0], quote: "Words the article never says." }],
    }),
  );
  await edited.getByRole("button", { name: "Save edit" }).click();
  await expect(edited.locator(".error-text")).toContainText(/gate|quote|source/i);

  await page.getByRole("button", { name: "Publish this version" }).click();
  await expect(page.getByTestId("version-status")).toHaveText("published");
  const exported = page.waitForEvent("download");
  await page.getByRole("button", { name: "GIFT (Moodle)" }).click();
  expect((await exported).suggestedFilename()).toMatch(/\.gift$|\.txt$/);
  await expect(page.getByText(/^Saved /)).toBeVisible();
  await page.goto("/courses");
  await expect(page.getByRole("heading", { name: fixtureCourseTitle })).toBeVisible();
});

test("an instructor creates a class, enrols a student and assigns a lesson", async ({ page, baseURL }) => {
  await ensureFixtureCourse(baseURL ?? "");
  await signIn(page, "instructor", "/classes");
  await expect(page.getByRole("heading", { name: "Classes", level: 1 })).toBeVisible();
  await expectAccessible(page, "classes");
  await screenshot(page, "instructor-classes");

  const name = `Journey class ${Date.now()}`;
  await page.getByLabel("Class name").fill(name);
  await page.getByRole("button", { name: "Create class" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("invite-code")).toHaveText(/^[A-Z0-9-]{4,}$/);

  await page.getByLabel("Enrol students by email").fill(`${accounts.student}, nobody@groundwork.test`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page.getByText(`Enrolled: ${accounts.student}`)).toBeVisible();
  await expect(page.getByText("No account for: nobody@groundwork.test")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Students (1)" })).toBeVisible();

  await page.getByLabel("Lesson").selectOption({ label: fixtureLessonTitle });
  await page.getByLabel("Title (optional)").fill(`${name} quiz`);
  await page.getByLabel("Attempts allowed").fill("2");
  await page.getByLabel("Time limit in minutes").fill("30");
  await page.getByLabel("Questions", { exact: true }).fill("12");
  await page.getByLabel("Feedback").selectOption("after_submit");
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByText(`Assigned “${name} quiz”.`)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: `${name} quiz` });
  await expect(row).toContainText("12 questions · 2 attempts · 30 min");
  await expectAccessible(page, "class page");
  await screenshot(page, "instructor-class");

  // The instructor extends the due date and renames it, then deletes it (nobody has started it).
  await row.getByRole("link", { name: /^Edit/ }).click();
  await expect(page.getByRole("heading", { name: `Edit “${name} quiz”`, level: 1 })).toBeVisible();
  await expect(page.getByText("Nobody has started it yet.")).toBeVisible();
  await expectAccessible(page, "edit assignment");
  await page.getByLabel("Title", { exact: true }).fill(`${name} quiz, extended`);
  await page.getByLabel("Due").fill("2030-01-15T09:30");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved “${name} quiz, extended”.`)).toBeVisible();
  await page.getByRole("link", { name: "Back to the class" }).click();
  const edited = page.getByRole("row").filter({ hasText: `${name} quiz, extended` });
  await expect(edited).toContainText("15 Jan 2030");
  await edited.getByRole("link", { name: /^Edit/ }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete assignment" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByText("Nothing assigned yet.")).toBeVisible();
});

test("a student reads the lesson, answers every type, submits and sees feedback; the instructor sees it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const seeded = await seedAssignment(baseURL ?? "", {
    name: `Results class ${Date.now()}`,
    timeLimitMinutes: 45,
  });
  const student = await newSignedInPage(browser, "student", "/learn");
  const card = student.getByRole("article").filter({ hasText: seeded.title.split(":")[0] ?? "" });
  await expect(card).toBeVisible();

  // The lesson reader, with "view source" of a passage.
  await card.getByRole("link", { name: "Read the lesson" }).click();
  await expect(student.getByRole("heading", { name: fixtureLessonTitle, level: 1 })).toBeVisible();
  await expect(student.getByRole("heading", { name: "Key terms" })).toBeVisible();
  const firstPassage = student.locator(".passage").first();
  await firstPassage.getByRole("button", { name: /View source/ }).click();
  const cited = firstPassage.getByTestId("cited-span");
  await expect(cited).toBeVisible();
  await expect(cited).toContainText("tide mill");
  await expect(firstPassage.getByRole("button", { name: /Hide source/ })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  await expectAccessible(student, "lesson reader");
  await screenshot(student, "lesson-reader");

  // The quiz: every question, whatever its type.
  await student.goto("/learn");
  await card.getByRole("button", { name: "Start quiz" }).click();
  await expect(student).toHaveURL(/\/attempts\/[\w-]+$/);
  await expect(student.getByRole("timer")).toHaveText(/^(44|45):\d\d$/);
  const questions = student.locator("section.question");
  const count = await questions.count();
  expect(count).toBeGreaterThan(8);
  const types = new Set<string>();
  for (let i = 0; i < count; i += 1) types.add(await answerQuestion(questions.nth(i)));
  await expectAllSaved(student);
  await expectAccessible(student, "quiz player");
  await screenshot(student, "quiz-player");
  test
    .info()
    .annotations.push({ type: "question types answered", description: [...types].sort().join(", ") });
  expect([...types].sort()).toEqual(
    [
      "cloze",
      "matching",
      "multiple_choice",
      "numeric",
      "ordering",
      "short_answer",
      "single_choice",
      "true_false",
    ].filter((t) => types.has(t)),
  );
  expect(types.size).toBeGreaterThanOrEqual(6);

  // Answers survive a reload: they were saved on the server.
  await student.reload();
  await expect(questions).toHaveCount(count);
  for (let i = 0; i < count; i += 1) await expectAnswerShown(questions.nth(i));

  await student.getByRole("button", { name: "Submit answers" }).click();
  await expect(student.getByRole("heading", { name: /^Results:/ })).toBeVisible();
  await expect(student.getByTestId("score")).toHaveText(/^\d{1,3}%$/);
  const answers = student.getByRole("list", { name: "Answers with feedback" }).getByRole("listitem");
  await expect(answers).toHaveCount(count);
  await expect(answers.first().locator(".result p").first()).not.toBeEmpty();
  await expect(answers.first().locator(".source-quote").first()).toBeVisible();
  await expectAccessible(student, "results");
  await screenshot(student, "results");
  const score = (await student.getByTestId("score").textContent()) ?? "";
  await student.goto("/learn");
  await expect(student.getByRole("img", { name: /^Mastery by concept: .*tide mill/ })).toBeVisible();

  // The instructor sees the result in the gradebook and the item statistics.
  const instructor = await newSignedInPage(browser, "instructor", `/classes/${seeded.classId}/gradebook`);
  await expect(instructor.getByRole("heading", { name: "Gradebook" })).toBeVisible();
  const studentRow = instructor.getByRole("row").filter({ hasText: accounts.student });
  await expect(studentRow).toContainText(score);
  await expect(studentRow).toContainText("1 attempt");
  const download = instructor.waitForEvent("download");
  await instructor.getByRole("button", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^gradebook-.+\.csv$/);
  await expectAccessible(instructor, "gradebook");
  await screenshot(instructor, "gradebook");

  await instructor.getByRole("link", { name: seeded.title }).click();
  await expect(instructor.getByRole("heading", { name: "Facility by item" })).toBeVisible();
  await expect(instructor.getByRole("img", { name: /^Facility by item/ })).toBeVisible();
  const items = instructor.locator("ol > li.card");
  await expect(items).toHaveCount(count);
  await expect(items.first()).toContainText("Answers1");
  await expectAccessible(instructor, "statistics");
  await screenshot(instructor, "statistics");
  await items
    .first()
    .getByRole("link", { name: /View source passage/ })
    .click();
  await expect(instructor.locator("mark#cited")).toBeVisible();
  await expect(instructor.locator("mark#cited")).toBeInViewport();
  await expectAccessible(instructor, "source view");
  await screenshot(instructor, "source");

  await student.context().close();
  await instructor.context().close();
});

test("a review session serves due items with feedback and the source", async ({ page, baseURL }) => {
  await seedAssignment(baseURL ?? "", { name: `Review class ${Date.now()}`, feedbackPolicy: "immediate" });
  await signIn(page, "student", "/review");
  await expect(page.getByRole("heading", { name: "Review", level: 1 })).toBeVisible();
  const item = page.locator("form.question");
  const empty = page.getByRole("heading", { name: "Nothing is due" });
  await expect(item.or(empty)).toBeVisible();
  await expectAccessible(page, "review");
  await screenshot(page, "review");
  if (await empty.isVisible()) {
    test.info().annotations.push({ type: "review", description: "no items were due yet in this run" });
    return;
  }
  await answerQuestion(item);
  await page.getByRole("button", { name: "Check answer" }).click();
  await expect(item.getByRole("status")).toContainText(/Correct\.|Not quite\./);
  await expect(item.locator(".source-quote").first()).toBeVisible();
  await page.getByRole("button", { name: "Next item" }).click();
  await expect(
    page
      .getByRole("heading", { name: /^Item 2 of/ })
      .or(page.getByRole("heading", { name: "Session complete" })),
  ).toBeVisible();
});
