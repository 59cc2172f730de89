import { readFileSync } from "node:fs";
import { readPackageDir } from "@groundwork/content/cli";
import { importGift, importQti, validateStatement, type XapiStatement } from "@groundwork/quiz-engine";
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { recordAttemptStatements } from "../domain/xapi-statements.ts";
import { demoPackageDir } from "../seed/demo.ts";
import type { XapiSink } from "../xapi/index.ts";

describe.each(testProviders())("interop through the API on %s", (provider) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(provider);
  }, 120_000);
  afterAll(() => world.drop());

  it("imports a package's GIFT file: valid questions join the bank, errors come back with line and column", async () => {
    const author = world.as(world.users.author);
    const files = readPackageDir(demoPackageDir());
    const manifest = new TextDecoder()
      .decode(files.get("course.yaml"))
      .replace(/^id:.*$/m, "id: gift-course");
    files.set("course.yaml", new TextEncoder().encode(manifest));
    const version = await author.authoring.version({
      versionId:
        (await author.authoring.packages()).find((p) => p.slug === "deepseek-moment")?.versions[0]?.id ?? "",
    });
    const cited = version.questions[0]?.question.sourceRefs[0];
    if (!cited) throw new Error("no citation to reuse");
    const escapeGift = (text: string) => text.replace(/[~=#{}:\\]/g, (c) => `\\${c}`);
    const gift = [
      `// source: ${cited.passageId}`,
      `::Quote check:: ${escapeGift(cited.quote.replace(/\s+/g, " ").trim())} {T}`,
      "",
      "::Broken:: This one never closes { =yes ~no",
      "",
      "::Essay:: Write about it. {}",
      "",
      "::No source yet:: Export controls slowed the spread of advanced chips. {T}",
    ].join("\n");
    files.set("questions/extra.gift", new TextEncoder().encode(gift));
    const result = await author.authoring.upload({
      files: [...files].map(([path, bytes]) => ({ path, base64: Buffer.from(bytes).toString("base64") })),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const direct = importGift(gift, { bundle: undefined });
    expect(result.questionFileProblems.length).toBeGreaterThan(0);
    expect(result.questionFileProblems.join("\n")).toMatch(/questions\/extra\.gift:\d+:\d+: /);
    expect(result.questionFileProblems.join("\n")).toMatch(/skipped essay/);
    expect(result.authored).toBe(1);
    expect(direct.problems.some((p) => p.line === 4)).toBe(true);
    const detail = await author.authoring.version({ versionId: result.versionId });
    expect(detail.questions.filter((q) => q.status === "accepted").length).toBe(result.authored);
    // The question without a source waits for one with passages proposed, as interop.importGift keeps it.
    expect(result.needsSource).toBe(1);
    expect(result.questionFileProblems.join("\n")).not.toMatch(/No source yet/);
    const waiting = await author.interop.needsSource({ versionId: result.versionId });
    expect(waiting.map((q) => q.title)).toEqual(["No source yet"]);
    expect(waiting[0]?.proposals.length).toBeGreaterThan(0);
    expect(detail.questions.find((q) => q.question.title === "No source yet")?.status).toBe("needs_source");
  });

  it("exports the bank as GIFT that imports back, a QTI zip with a manifest, and an Anki deck", async () => {
    const author = world.as(world.users.author);
    const published = (await author.authoring.packages())
      .find((p) => p.slug === "deepseek-moment")
      ?.versions.find((v) => v.status === "published");
    const gift = await author.authoring.export({ versionId: published?.id ?? "", format: "gift" });
    const back = importGift(Buffer.from(gift.base64, "base64").toString("utf8"));
    expect(back.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(back.questions.length + back.drafts.length).toBeGreaterThan(10);
    const qti = await author.authoring.export({ versionId: published?.id ?? "", format: "qti" });
    const files = unzipSync(new Uint8Array(Buffer.from(qti.base64, "base64")));
    expect(Object.keys(files)).toContain("imsmanifest.xml");
    expect(Object.keys(files).filter((f) => f.endsWith(".xml")).length).toBeGreaterThan(10);
    const qti12 = await author.authoring.export({ versionId: published?.id ?? "", format: "qti12" });
    const canvas = unzipSync(new Uint8Array(Buffer.from(qti12.base64, "base64")));
    const texts = new Map(
      Object.entries(canvas).map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]),
    );
    expect(texts.get("imsmanifest.xml")).toContain('type="imsqti_xmlv1p2"');
    const reread = importQti(texts);
    expect(reread.items.length).toBeGreaterThan(10);
    expect(reread.items.filter((i) => i.status !== "imported")).toEqual([]);
    for (const format of ["scorm12", "scorm2004"] as const) {
      const scorm = await author.authoring.export({ versionId: published?.id ?? "", format });
      const entries = unzipSync(new Uint8Array(Buffer.from(scorm.base64, "base64")));
      const manifestText = new TextDecoder().decode(entries["imsmanifest.xml"]);
      expect(manifestText).toContain(
        format === "scorm12" ? "<schemaversion>1.2</schemaversion>" : "2004 4th Edition",
      );
      expect(Object.keys(entries).filter((p) => p.endsWith(".html")).length).toBeGreaterThan(0);
    }
    const anki = await author.authoring.export({ versionId: published?.id ?? "", format: "anki" });
    expect(Buffer.from(anki.base64, "base64").toString("utf8")).toMatch(/^#separator:tab/m);
  });

  it("imports Moodle's examples into a draft: every question kept as needing a source, cited on confirmation", async () => {
    const author = world.as(world.users.author);
    const published = (await author.authoring.packages())
      .find((p) => p.slug === "deepseek-moment")
      ?.versions.find((v) => v.status === "published");
    const draft = await author.authoring.newDraft({ versionId: published?.id ?? "" });
    const examples = readFileSync(
      new URL("../../../../tests/fixtures/interop/moodle/examples.txt", import.meta.url),
      "utf8",
    );
    const imported = await author.interop.importGift({
      versionId: draft.id,
      fileName: "examples.txt",
      text: examples,
    });
    expect(imported).toEqual({ accepted: 0, needsSource: 43, problems: [] });
    const detail = await author.authoring.version({ versionId: draft.id });
    const waiting = detail.questions.filter((q) => q.status === "needs_source");
    expect(waiting).toHaveLength(43);
    await expect(
      author.authoring.decide({ questionId: waiting[0]?.id ?? "", action: "accept" }),
    ).rejects.toThrow(/needs a source/);
    // GIFT out gives the bank back as it came: Moodle's 43 questions, without a source line.
    const gift = Buffer.from(
      (await author.authoring.export({ versionId: draft.id, format: "gift" })).base64,
      "base64",
    ).toString("utf8");
    const back = importGift(gift);
    expect(back.drafts.filter((d) => d.needsSource)).toHaveLength(43);

    // A question in the course's own words gets its passage proposed first, and is cited on confirmation.
    const cited = detail.questions.find(
      (q) => q.status !== "needs_source" && q.question.type === "true_false",
    );
    const ref = cited?.question.sourceRefs[0];
    if (!ref) throw new Error("no cited true/false question to borrow a passage from");
    const statement = ref.quote
      .replace(/\s+/g, " ")
      .trim()
      .replace(/[~=#{}:\\]/g, (c) => `\\${c}`);
    const own = await author.interop.importGift({
      versionId: draft.id,
      fileName: "own.gift",
      text: `::Own words:: ${statement} {T}`,
    });
    expect(own).toMatchObject({ needsSource: 1, problems: [] });
    const list = await author.interop.needsSource({ versionId: draft.id });
    const mine = list.find((q) => q.title === "Own words");
    expect(mine?.proposals[0]?.passageId).toBe(ref.passageId);
    await author.interop.confirmSource({ questionId: mine?.questionId ?? "", passageId: ref.passageId });
    const after = await author.authoring.version({ versionId: draft.id });
    const confirmed = after.questions.find((q) => q.id === mine?.questionId);
    expect(confirmed).toMatchObject({ status: "accepted", gate: { passed: true } });
    expect(confirmed?.question.sourceRefs[0]?.passageId).toBe(ref.passageId);
    await expect(
      author.interop.confirmSource({ questionId: mine?.questionId ?? "", passageId: ref.passageId }),
    ).rejects.toThrow(/already has a source/);
  });

  it("imports a real QTI 1.2 package (text2qti's demo, zipped) into a draft with a per-item report", async () => {
    const author = world.as(world.users.author);
    const published = (await author.authoring.packages())
      .find((p) => p.slug === "deepseek-moment")
      ?.versions.find((v) => v.status === "published");
    const draft = await author.authoring.newDraft({ versionId: published?.id ?? "" });
    const fixture = (name: string) =>
      readFileSync(new URL(`../../../../tests/fixtures/interop/text2qti/${name}`, import.meta.url));
    const zip = zipSync({
      "imsmanifest.xml": fixture("imsmanifest.xml"),
      "quiz/assessment.xml": fixture("assessment.xml"),
    });
    const result = await author.interop.importQti({
      versionId: draft.id,
      fileName: "quiz.zip",
      base64: Buffer.from(zip).toString("base64"),
    });
    expect(result.needsSource).toBe(5);
    expect(result.problems).toEqual([
      expect.stringMatching(/“Essay Question” skipped: an essay/),
      expect.stringMatching(/“Upload a File” skipped: a file upload/),
    ]);
  });

  it("turns a graded attempt into valid xAPI statements, answered and completed", async () => {
    const student = world.as(world.users.student);
    const [assignment] = await student.progress.assignments();
    const attempt = await student.attempt.start({ assignmentId: assignment?.id ?? "" });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    for (const q of view.questions.slice(0, 3)) {
      await student.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 2000,
      });
    }
    await student.attempt.submit({ attemptId: attempt.id });
    const sent: XapiStatement[] = [];
    const collector: XapiSink = {
      enqueue: (statements) => sent.push(...statements),
      flush: async () => ({ pending: 0 }),
      close: async () => ({ pending: 0 }),
      pending: 0,
    };
    const count = await recordAttemptStatements(world.database.db, collector, {
      attemptId: attempt.id,
      activityBase: "http://localhost:3000/xapi",
    });
    expect(count).toBe(4);
    expect(sent.map((s) => s.verb.display["en-US"])).toEqual([
      "answered",
      "answered",
      "answered",
      "completed",
    ]);
    for (const statement of sent) expect(validateStatement(statement)).toEqual([]);
    expect(JSON.stringify(sent[0]?.actor)).toContain(`mailto:${world.users.student.email}`);
  });

  // Last: it publishes a new version of the demo course, which supersedes the one the tests above use.
  it("publishing never counts a question that waits for a source as usable", async () => {
    const author = world.as(world.users.author);
    const published = (await author.authoring.packages())
      .find((p) => p.slug === "deepseek-moment")
      ?.versions.find((v) => v.status === "published");
    const draft = await author.authoring.newDraft({ versionId: published?.id ?? "" });
    const detail = await author.authoring.version({ versionId: draft.id });
    const ref = detail.questions.find((q) => q.question.type === "true_false")?.question.sourceRefs[0];
    if (!ref) throw new Error("no cited true/false question to borrow a passage from");
    const statement = ref.quote
      .replace(/\s+/g, " ")
      .trim()
      .replace(/[~=#{}:\\]/g, (c) => `\\${c}`);
    await author.interop.importGift({
      versionId: draft.id,
      fileName: "own.gift",
      text: `::Own words:: ${statement} {T}`,
    });
    // Arrange a draft whose only other questions are rejected: what is left waits for a source.
    await world.database.db.write((db) =>
      db.question.updateMany({
        where: { versionId: draft.id, status: { not: "needs_source" } },
        data: { status: "rejected" },
      }),
    );
    await expect(author.authoring.publish({ versionId: draft.id })).rejects.toThrow(/waits for a source/);
    const [own] = await author.interop.needsSource({ versionId: draft.id });
    await author.interop.confirmSource({ questionId: own?.questionId ?? "", passageId: ref.passageId });
    await expect(author.authoring.publish({ versionId: draft.id })).resolves.toMatchObject({
      versionId: draft.id,
    });
  });
});
