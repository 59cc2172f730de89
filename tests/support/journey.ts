import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Page,
  request as playwrightRequest,
} from "@playwright/test";

export const password = "groundwork-demo";
export const accounts = {
  student: "student@groundwork.test",
  instructor: "instructor@groundwork.test",
  author: "author@groundwork.test",
  admin: "admin@groundwork.test",
} as const;
export type Account = keyof typeof accounts;

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
export const fixtureCourseTitle = "Tide Mills and the Price of Power";
export const fixtureLessonTitle = "How Tide Mills Worked";
export const fixtureLessonTitles = [fixtureLessonTitle, "Steam, Coal and the Jevons Paradox"];

/** The files of a package under tests/fixtures/packages, as the folder upload sends them. */
export function packageFiles(name: string, paths: string[]) {
  return paths.map((path) => ({
    path,
    base64: readFileSync(join(fixtures, "packages", name, path)).toString("base64"),
  }));
}
export const tideMillsPaths = [
  "course.yaml",
  "concepts.yaml",
  "articles/tide-mills.txt",
  "articles/steam-and-coal.txt",
];

/** Signs in through the real sign-in form. */
export async function signIn(page: Page, account: Account, next = "/") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(accounts[account]);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function newSignedInPage(browser: Browser, account: Account, next = "/") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account, next);
  return page;
}

/** A full-page screenshot kept as a test artifact. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `.test-results/screenshots/${name}.png`, fullPage: true });
}

/** axe-core on the page as it stands: no serious or critical violation of WCAG 2.2 A/AA. */
export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `axe on ${label}`).toEqual([]);
}

/** A tRPC client over HTTP for seeding: signs in as an account and calls procedures through the web origin. */
export class Api {
  private constructor(private readonly http: APIRequestContext) {}

  static async as(account: Account, baseURL: string): Promise<Api> {
    // better-auth wants an Origin on sign-in, as a browser would send it.
    const http = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    const response = await http.post("/api/auth/sign-in/email", {
      data: { email: accounts[account], password },
    });
    expect(response.status(), `sign in as ${account}`).toBe(200);
    return new Api(http);
  }

  async query<T>(path: string, input?: unknown): Promise<T> {
    const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await this.http.get(`/api/trpc/${path}${search}`);
    const body = await response.json();
    expect(response.status(), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
    return body.result.data as T;
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const response = await this.http.post(`/api/trpc/${path}`, { data: input });
    const body = await response.json();
    expect(response.status(), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
    return body.result.data as T;
  }

  dispose() {
    return this.http.dispose();
  }
}

interface CourseSummary {
  id: string;
  title: string;
}
interface CourseDetail {
  lessons: Array<{ id: string; title: string }>;
}

/** The fixture course, uploaded and published through the API when no earlier journey did it. */
export async function ensureFixtureCourse(
  baseURL: string,
  lessonTitle = fixtureLessonTitle,
): Promise<{ courseId: string; lessonId: string }> {
  const author = await Api.as("author", baseURL);
  try {
    let course = (await author.query<CourseSummary[]>("course.list")).find(
      (c) => c.title === fixtureCourseTitle,
    );
    if (!course) {
      const upload = await author.mutate<{ ok: boolean; versionId: string }>("authoring.upload", {
        files: packageFiles("tide-mills", tideMillsPaths),
      });
      expect(upload.ok).toBe(true);
      await author.mutate("authoring.publish", { versionId: upload.versionId });
      course = (await author.query<CourseSummary[]>("course.list")).find(
        (c) => c.title === fixtureCourseTitle,
      );
    }
    if (!course) throw new Error("the fixture course did not publish");
    const detail = await author.query<CourseDetail>("course.byId", { courseId: course.id });
    const lesson = detail.lessons.find((l) => l.title === lessonTitle);
    if (!lesson) throw new Error("the fixture lesson is missing");
    return { courseId: course.id, lessonId: lesson.id };
  } finally {
    await author.dispose();
  }
}

/** A class of the instructor's with the student enrolled and the fixture lesson assigned, every question drawn. */
export async function seedAssignment(
  baseURL: string,
  options: { name: string; timeLimitMinutes?: number | null; feedbackPolicy?: string; lessonTitle?: string },
) {
  const { lessonId, courseId } = await ensureFixtureCourse(baseURL, options.lessonTitle);
  const instructor = await Api.as("instructor", baseURL);
  try {
    const created = await instructor.mutate<{ id: string }>("class.create", { name: options.name });
    await instructor.mutate("class.enrol", { classId: created.id, emails: [accounts.student] });
    const assignment = await instructor.mutate<{ id: string; title: string }>("assignment.create", {
      classId: created.id,
      lessonId,
      title: `${options.name}: tide mills quiz`,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      attemptsAllowed: 3,
      timeLimitMinutes: options.timeLimitMinutes ?? null,
      feedbackPolicy: options.feedbackPolicy ?? "after_submit",
      questionCount: 100,
    });
    return { classId: created.id, assignmentId: assignment.id, title: assignment.title, lessonId, courseId };
  } finally {
    await instructor.dispose();
  }
}
