import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { buildCourseBundle } from "@groundwork/content";
import { readPackageDir } from "@groundwork/content/cli";
import {
  exportScorm,
  generateQuestions,
  type Question,
  SCORM12_SUSPEND_LIMIT,
} from "@groundwork/quiz-engine";
import { expect, type FrameLocator, test } from "@playwright/test";
import { expectAccessible } from "../support/journey";

/**
 * A Groundwork lesson exported as SCORM 1.2 and 2004, run in a real SCORM runtime: scorm-again's
 * LMS-side API in the page that frames the package, as an LMS hosts it. The learner takes the quiz
 * (one answer wrong on purpose) and the test reads what the runtime recorded. Everything is served
 * from memory through page.route, so no server is needed.
 */
const require = createRequire(import.meta.url);
const runtimeFile = (name: string) => readFileSync(require.resolve(`scorm-again/${name}`), "utf8");

const bundle = buildCourseBundle(
  readPackageDir(fileURLToPath(new URL("../../content/deepseek-moment/", import.meta.url))),
);
const lesson = bundle.lessons.find((l) => l.id === bundle.outline[0]);
if (!lesson) throw new Error("the demo course has no lesson");
const questions = generateQuestions(bundle, { seed: 1 }).questions;
const inLesson = questions.filter((q) => lesson.passageIds.includes(q.sourceRefs[0]?.passageId ?? ""));

interface Cmi {
  core?: { score: { raw: string }; lesson_status: string };
  score?: { raw: string };
  completion_status?: string;
  success_status?: string;
  suspend_data: string;
  interactions?: Record<string, { id: string; result: string; description?: string }>;
}

/** Answers one question in the package's page: with its key, or wrongly when `wrong`. */
async function answer(frame: FrameLocator, q: Question, index: number, wrong: boolean) {
  const box = frame.locator(`#gw-q${index}`);
  switch (q.type) {
    case "single_choice": {
      const pick = wrong ? (q.options.find((o) => o.id !== q.key)?.id as string) : q.key;
      await box.locator(`input[value="${pick}"]`).check();
      break;
    }
    case "multiple_choice":
      for (const id of q.key) await box.locator(`input[value="${id}"]`).check();
      break;
    case "true_false":
      await box.locator(`input[value="${wrong ? !q.key : q.key}"]`).check();
      break;
    case "cloze":
    case "short_answer":
      await box.getByRole("textbox").fill(q.key.accepted[0] as string);
      break;
    case "numeric":
      await box.getByRole("textbox").fill(String(q.key.value));
      break;
    case "ordering": {
      const selects = box.locator("select");
      for (const [i, id] of q.key.entries()) await selects.nth(i).selectOption(id);
      break;
    }
    case "matching":
      for (const l of q.left)
        await box.locator(`select[data-left="${l.id}"]`).selectOption(q.key[l.id] as string);
      break;
  }
}

for (const version of ["1.2", "2004"] as const) {
  test(`SCORM ${version}: the lesson and its quiz run in scorm-again, which records score, status and interactions`, async ({
    page,
  }) => {
    const { files } = exportScorm(bundle, questions, { version, lessonIds: [lesson.id] });
    const [href] = [...files.keys()].filter((p) => p.endsWith(".html"));
    const apiName = version === "1.2" ? "API" : "API_1484_11";
    const apiClass = version === "1.2" ? "Scorm12API" : "Scorm2004API";
    const lms = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.js"></script>
<script>window.${apiName} = new ${apiClass}({ autocommit: false, logLevel: 5, lmsCommitUrl: "http://lms.test/commit" });</script></head>
<body><main><h1>Course player</h1><iframe title="${lesson.title.replace(/"/g, "&quot;")}" src="/sco/${href}" style="width:100%;height:80vh"></iframe></main></body></html>`;
    const commits: unknown[] = [];
    await page.route("http://lms.test/**", async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/commit") {
        commits.push(route.request().postDataJSON());
        return route.fulfill({
          contentType: "application/json",
          body: JSON.stringify({ result: true, errorCode: 0 }),
        });
      }
      if (path === "/lms.html") return route.fulfill({ contentType: "text/html", body: lms });
      if (path === "/scorm-again.js")
        return route.fulfill({
          contentType: "text/javascript",
          body: runtimeFile(version === "1.2" ? "scorm12" : "scorm2004"),
        });
      const file = files.get(path.replace(/^\/sco\//, ""));
      if (!file) return route.fulfill({ status: 404, body: "not in the package" });
      return route.fulfill({
        contentType: path.endsWith(".js") ? "text/javascript" : "text/html",
        body: file,
      });
    });
    await page.goto("http://lms.test/lms.html");
    const frame = page.frameLocator("iframe");
    await expect(frame.getByRole("heading", { name: lesson.title })).toBeVisible();
    // The lesson text comes with its citation.
    await expect(frame.locator("blockquote cite").first()).toBeVisible();
    await expect(frame.getByText("graded in your browser")).toBeVisible();

    const wrongIndex = inLesson.findIndex((q) => q.type === "single_choice" || q.type === "true_false");
    expect(wrongIndex).toBeGreaterThanOrEqual(0);
    for (const [i, q] of inLesson.entries()) await answer(frame, q, i, i === wrongIndex);
    await expectAccessible(page, `SCORM ${version} lesson`);
    await frame.getByRole("button", { name: "Submit answers" }).click();
    await expect(frame.getByRole("status")).toContainText("Your score");

    const expectedRaw = Math.round(((inLesson.length - 1) / inLesson.length) * 100);
    // What the runtime sent the LMS on commit: the record an LMS keeps.
    await expect.poll(() => commits.length).toBeGreaterThan(0);
    const { cmi } = commits.at(-1) as { cmi: Cmi };
    const interactions = Object.values(cmi.interactions ?? {});
    const recorded =
      version === "1.2"
        ? {
            raw: cmi.core?.score.raw,
            status: cmi.core?.lesson_status,
            suspend: cmi.suspend_data,
            interactions,
          }
        : {
            raw: cmi.score?.raw,
            status: `${cmi.completion_status}/${cmi.success_status}`,
            suspend: cmi.suspend_data,
            interactions,
          };
    expect(Number(recorded.raw)).toBe(expectedRaw);
    expect(recorded.status).toBe(
      version === "1.2"
        ? expectedRaw >= 70
          ? "passed"
          : "failed"
        : `completed/${expectedRaw >= 70 ? "passed" : "failed"}`,
    );
    expect(recorded.interactions).toHaveLength(inLesson.length);
    expect(recorded.interactions[wrongIndex]?.result).toBe(version === "1.2" ? "wrong" : "incorrect");
    expect(recorded.interactions.filter((i) => i.result === "correct")).toHaveLength(inLesson.length - 1);
    const firstPassage = inLesson[0]?.sourceRefs[0]?.passageId ?? "";
    if (version === "2004") {
      // 2004 carries the question and its citation.
      expect(recorded.interactions[0]?.description).toContain(inLesson[0]?.stem.slice(0, 40));
      expect(recorded.interactions[0]?.description).toContain(`passage ${firstPassage}`);
    } else {
      expect(String(recorded.interactions[0]?.id)).toContain(firstPassage);
      expect(String(recorded.suspend).length).toBeGreaterThan(0);
      expect(String(recorded.suspend).length).toBeLessThan(SCORM12_SUSPEND_LIMIT);
    }
  });
}
