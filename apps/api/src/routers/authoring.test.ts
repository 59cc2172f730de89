import { readPackageDir } from "@groundwork/content/cli";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { zipBomb } from "../../test/zip-bomb.ts";
import { demoPackageDir } from "../seed/demo.ts";

/** The demo package under another course id: an author's own package, as files. */
function packageFiles(courseId: string): Map<string, Uint8Array> {
  const files = readPackageDir(demoPackageDir());
  const manifest = new TextDecoder().decode(files.get("course.yaml"));
  files.set("course.yaml", new TextEncoder().encode(manifest.replace(/^id:.*$/m, `id: ${courseId}`)));
  return files;
}

const toUploadFiles = (files: Map<string, Uint8Array>) =>
  [...files].map(([path, bytes]) => ({ path, base64: Buffer.from(bytes).toString("base64") }));

describe.each(testProviders())("authoring on %s", (provider) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(provider);
  }, 120_000);
  afterAll(() => world.drop());

  it("uploads a zipped package as a draft, reviews, edits within the gates and publishes it", async () => {
    const author = world.as(world.users.author);
    const zip = zipSync(
      Object.fromEntries([...packageFiles("author-course")].map(([p, b]) => [`author-course/${p}`, b])),
    );
    const uploaded = await author.authoring.upload({ zipBase64: Buffer.from(zip).toString("base64") });
    if (!uploaded.ok) throw new Error(JSON.stringify(uploaded.problems));
    expect(uploaded.versionNumber).toBe(1);
    expect(uploaded.questions).toBeGreaterThan(10);

    const version = await author.authoring.version({ versionId: uploaded.versionId });
    expect(version.status).toBe("draft");
    expect(version.reports.length).toBeGreaterThan(0);
    expect(version.reports.some((r) => r.changes.length > 0)).toBe(true);
    for (const q of version.questions) {
      expect(q.question.sourceRefs.length).toBeGreaterThan(0);
      expect(q.gate.passed).toBe(true);
    }
    // A draft is not a course students can see.
    const student = world.as(world.users.student);
    expect((await student.course.list()).some((c) => c.slug === "author-course")).toBe(false);

    const [first, second] = version.questions;
    if (!first || !second) throw new Error("too few questions");
    expect((await author.authoring.decide({ questionId: first.id, action: "reject" })).status).toBe(
      "rejected",
    );
    // An edit that breaks grounding is refused with the gate's reason.
    const ungrounded = {
      ...second.question,
      sourceRefs: second.question.sourceRefs.map((r) => ({ ...r, quote: "Words the article never said." })),
    };
    await expect(
      author.authoring.decide({ questionId: second.id, action: "edit", edited: ungrounded }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/gates/),
    });
    const reworded = {
      ...second.question,
      stem: `${second.question.stem.replace(/\?$/, "")} (according to the article)?`,
    };
    expect(
      (await author.authoring.decide({ questionId: second.id, action: "edit", edited: reworded })).status,
    ).toBe("edited");

    await author.authoring.publish({ versionId: uploaded.versionId });
    expect((await student.course.list()).some((c) => c.slug === "author-course")).toBe(true);
    await expect(author.authoring.publish({ versionId: uploaded.versionId })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(author.authoring.decide({ questionId: second.id, action: "accept" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("builds an upload off the API thread: the event loop keeps turning while it builds", async () => {
    const author = world.as(world.users.author);
    const zip = zipSync(Object.fromEntries(packageFiles("threaded-course")));
    let longestStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    const uploaded = await author.authoring.upload({ zipBase64: Buffer.from(zip).toString("base64") });
    const total = performance.now() - started;
    clearInterval(ticker);
    longestStall = Math.max(longestStall, performance.now() - last);
    expect(uploaded.ok).toBe(true);
    // Built on this thread, the build and generation were one stall of most of the upload's time.
    expect(longestStall / total).toBeLessThan(0.2);
    const versions = (await author.authoring.packages()).find((p) => p.slug === "threaded-course")?.versions;
    expect(versions?.map((v) => v.status)).toEqual(["draft"]);
  });

  it("refuses a zip whose entry inflates past what it declares, and stores nothing", async () => {
    const author = world.as(world.users.author);
    const before = await world.database.db.read.packageVersion.count();
    const bomb = await zipBomb(256 * 1024 * 1024);
    await expect(
      author.authoring.upload({ zipBase64: Buffer.from(bomb).toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/unpacks to more than/) });
    expect(await world.database.db.read.packageVersion.count()).toBe(before);
  });

  it("answers a YAML alias bomb (billion laughs) with the file's problem, not a crash", async () => {
    const author = world.as(world.users.author);
    const files = packageFiles("laughing-course");
    const levels = [`l0: &l0 [${Array(9).fill('"lol"').join(", ")}]`];
    for (let i = 1; i <= 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    files.set("concepts.yaml", new TextEncoder().encode(`${levels.join("\n")}\n`));
    const before = await world.database.db.read.packageVersion.count();
    const result = await author.authoring.upload({ files: toUploadFiles(files) });
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: "concepts.yaml", message: expect.stringMatching(/aliases .* expand too far/) }],
    });
    expect(await world.database.db.read.packageVersion.count()).toBe(before);
  });

  it("reports an invalid package's problems exactly as the CLI does, and stores nothing", async () => {
    const author = world.as(world.users.author);
    const files = packageFiles("broken-course");
    files.set(
      "course.yaml",
      new TextEncoder().encode(`${new TextDecoder().decode(files.get("course.yaml"))}\nsurprise: true\n`),
    );
    files.delete([...files.keys()].find((p) => p.endsWith(".txt")) ?? "");
    const before = await world.database.db.read.packageVersion.count();
    const result = await author.authoring.upload({ files: toUploadFiles(files) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const { validateContentPackage, formatProblem } = await import("@groundwork/content");
    expect(result.problems).toEqual(validateContentPackage(files));
    expect(result.problems.map(formatProblem).join("\n")).toMatch(/course\.yaml:\d+: .*surprise/);
    expect(await world.database.db.read.packageVersion.count()).toBe(before);
  });

  it("refuses hostile zips: paths out of the package and bombs", async () => {
    const author = world.as(world.users.author);
    const evil = zipSync({ "../escape.txt": new TextEncoder().encode("x") });
    await expect(
      author.authoring.upload({ zipBase64: Buffer.from(evil).toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const bomb = zipSync({ "course.yaml": new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    await expect(
      author.authoring.upload({ zipBase64: Buffer.from(bomb).toString("base64") }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/limit|larger/),
    });
    await expect(
      author.authoring.upload({ zipBase64: Buffer.from("not a zip").toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never regrades history: a fixed key in a new version leaves earlier attempts as they were graded", async () => {
    const student = world.as(world.users.student);
    const [assignment] = await student.progress.assignments();
    const attempt = await student.attempt.start({ assignmentId: assignment?.id ?? "" });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    for (const q of view.questions) {
      await student.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 1,
      });
    }
    const graded = await student.attempt.submit({ attemptId: attempt.id });
    const before = await student.attempt.byId({ attemptId: attempt.id });

    // The author fixes the first question's key in a new draft and publishes it.
    const author = world.as(world.users.author);
    const pkg = (await author.authoring.packages()).find((p) => p.slug === "deepseek-moment");
    const published = pkg?.versions.find((v) => v.status === "published");
    const draft = await author.authoring.newDraft({ versionId: published?.id ?? "" });
    const detail = await author.authoring.version({ versionId: draft.id });
    const target =
      detail.questions.find((q) => q.key === before.questions[0]?.question.id.split("#")[0]) ??
      detail.questions[0];
    if (!target) throw new Error("no question");
    await author.authoring.decide({ questionId: target.id, action: "reject" });
    await author.authoring.publish({ versionId: draft.id });

    const after = await student.attempt.byId({ attemptId: attempt.id });
    expect(after.score).toBe(before.score);
    expect(after.questions.map((q) => q.result)).toEqual(before.questions.map((q) => q.result));
    expect(graded.score).toBe(before.score);
    const versions =
      (await author.authoring.packages()).find((p) => p.slug === "deepseek-moment")?.versions ?? [];
    expect(versions.map((v) => v.status)).toEqual(["published", "superseded"]);
  });
});
