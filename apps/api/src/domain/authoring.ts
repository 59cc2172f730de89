import { exportAnki, exportGift, exportQti, gateQuestion, QuestionSchema } from "@groundwork/quiz-engine";
import { zipSync } from "fflate";
import type { Db } from "../db/client.ts";
import { toJson } from "../db/json.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Actor } from "./classes.ts";
import { importCourseRows, loadBundle } from "./content.ts";
import { factOf } from "./facts.ts";

const ownerFilter = (actor: Actor) => (actor.role === "admin" ? {} : { ownerId: actor.id });

export async function listPackages(db: Db, actor: Actor) {
  return db.read.contentPackage.findMany({
    where: ownerFilter(actor),
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      slug: true,
      createdAt: true,
      versions: {
        // A version still being imported is not there yet (content.ts, storeImport).
        where: { status: { not: "importing" } },
        orderBy: { number: "desc" },
        select: {
          id: true,
          number: true,
          status: true,
          createdAt: true,
          publishedAt: true,
          course: { select: { id: true, title: true } },
        },
      },
    },
  });
}

async function requireOwnVersion(db: Db, actor: Actor, versionId: string) {
  const version = await db.read.packageVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      number: true,
      status: true,
      packageId: true,
      package: { select: { ownerId: true, slug: true } },
    },
  });
  if (
    !version ||
    version.status === "importing" ||
    (version.package.ownerId !== actor.id && actor.role !== "admin")
  ) {
    throw new NotFoundError("No such package version.");
  }
  return version;
}

/** A version for review: its normalisation reports and its question bank with sources and gates. */
export async function getVersion(db: Db, actor: Actor, versionId: string) {
  const version = await requireOwnVersion(db, actor, versionId);
  const bundle = await loadBundle(db, versionId);
  const questions = await db.read.question.findMany({
    where: { versionId, variant: 0 },
    orderBy: [{ lessonKey: "asc" }, { key: "asc" }],
    select: {
      id: true,
      key: true,
      lessonKey: true,
      type: true,
      status: true,
      payload: true,
      gate: true,
      updatedAt: true,
    },
  });
  const course = await db.read.course.findUnique({ where: { versionId }, select: { id: true, title: true } });
  return {
    id: version.id,
    number: version.number,
    status: version.status,
    slug: version.package.slug,
    course,
    lessons: bundle.lessons.map((l) => ({ id: l.id, title: l.title })),
    reports: bundle.reports.map((r) => {
      const article = bundle.articles.find((a) => a.id === r.articleId);
      return { ...r, articleTitle: article?.title ?? r.articleId, rawText: article?.rawText ?? "" };
    }),
    questions: questions.map((q) => ({
      id: q.id,
      key: q.key,
      lessonKey: q.lessonKey,
      type: q.type,
      status: q.status,
      question: QuestionSchema.parse(q.payload),
      gate: q.gate as { passed: boolean; failures: Array<{ gate: string; reason: string }> },
      updatedAt: q.updatedAt,
    })),
  };
}

/**
 * An author's decision on a question of a draft: accept, reject, or edit. An edit must pass the same
 * gates as a generated item; every decision is kept with what it changed. Published versions never
 * change: to fix a published key, make a new draft (attempts keep the version they were taken on).
 */
export async function decideQuestion(
  db: Db,
  actor: Actor,
  input: { questionId: string; action: "accept" | "reject" | "edit"; edited?: unknown; now: Date },
) {
  const question = await db.read.question.findUnique({
    where: { id: input.questionId },
    select: { id: true, key: true, versionId: true, payload: true, status: true },
  });
  if (!question) throw new NotFoundError("No such question.");
  const version = await requireOwnVersion(db, actor, question.versionId);
  if (version.status !== "draft") {
    throw new ConflictError(
      `Version ${version.number} is ${version.status} and cannot change; make a new draft to edit it.`,
    );
  }
  let payload: unknown = question.payload;
  let gate: unknown = { passed: true, failures: [] };
  if (input.action === "edit") {
    const parsed = QuestionSchema.safeParse(input.edited);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidInputError(
        `edited.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid question"}`,
      );
    }
    if (parsed.data.id !== question.key)
      throw new InvalidInputError("edited.id: an edit keeps the question's id.");
    const bundle = await loadBundle(db, question.versionId);
    const result = gateQuestion(parsed.data, bundle);
    if (!result.passed) {
      throw new InvalidInputError(
        `The edit fails the gates: ${result.failures.map((f) => `${f.gate}: ${f.reason}`).join("; ")}`,
      );
    }
    payload = toJson(parsed.data);
    gate = result;
  }
  const status = input.action === "accept" ? "accepted" : input.action === "reject" ? "rejected" : "edited";
  // Variants of a fact share its fate: a rejected fact is never drawn, an edit replaces every variant.
  const fact = factOf(question.payload);
  const siblings = (
    await db.read.question.findMany({
      where: { versionId: question.versionId },
      select: { id: true, payload: true },
    })
  )
    .filter((q) => q.id === question.id || factOf(q.payload) === fact)
    .map((q) => q.id);
  await db.transaction(async (tx) => {
    await tx.question.updateMany({
      where: { id: { in: siblings } },
      data: input.action === "edit" ? { status, payload: toJson(payload), gate: toJson(gate) } : { status },
    });
    await tx.questionDecision.create({
      data: {
        questionId: question.id,
        authorId: actor.id,
        action: input.action,
        before: toJson(question.payload),
        after: input.action === "edit" ? toJson(payload) : undefined,
        createdAt: input.now,
      },
      select: { id: true },
    });
  });
  return { id: question.id, status };
}

/** A new draft from a published version: same bundle, same bank and decisions, ready for fixes. */
export async function createDraftFrom(db: Db, actor: Actor, input: { versionId: string; now: Date }) {
  const version = await requireOwnVersion(db, actor, input.versionId);
  const source = await db.read.packageVersion.findUnique({
    where: { id: version.id },
    select: {
      bundle: true,
      questions: {
        select: {
          key: true,
          lessonKey: true,
          type: true,
          status: true,
          payload: true,
          gate: true,
          variant: true,
        },
      },
    },
  });
  if (!source) throw new NotFoundError("No such package version.");
  const bundle = await loadBundle(db, version.id);
  return db.transaction(
    async (tx) => {
      const last = await tx.packageVersion.findFirst({
        where: { packageId: version.packageId },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const draft = await tx.packageVersion.create({
        data: {
          packageId: version.packageId,
          number: (last?.number ?? 0) + 1,
          status: "draft",
          bundle: source.bundle,
          createdAt: input.now,
        },
        select: { id: true, number: true },
      });
      await importCourseRows(tx as never, draft.id, bundle, input.now);
      const rows = source.questions.map((q) => ({
        versionId: draft.id,
        key: q.key,
        lessonKey: q.lessonKey,
        type: q.type,
        status: q.status,
        payload: toJson(q.payload),
        gate: toJson(q.gate),
        variant: q.variant,
        createdAt: input.now,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await tx.question.createMany({ data: rows.slice(i, i + 200) });
      return draft;
    },
    { timeoutMs: 120_000 },
  );
}

/** A version's bank (usable questions only, first variant of each fact) in another system's format. */
export async function exportVersion(
  db: Db,
  actor: Actor,
  input: { versionId: string; format: "gift" | "qti" | "anki" },
) {
  const version = await requireOwnVersion(db, actor, input.versionId);
  const bundle = await loadBundle(db, input.versionId);
  const rows = await db.read.question.findMany({
    where: { versionId: input.versionId, variant: 0, status: { not: "rejected" } },
    orderBy: [{ lessonKey: "asc" }, { key: "asc" }],
    select: { payload: true },
  });
  const questions = rows.map((r) => QuestionSchema.parse(r.payload));
  const base = `${version.package.slug}-v${version.number}`;
  if (input.format === "gift") {
    const { text, skipped } = exportGift(questions);
    return {
      filename: `${base}.gift`,
      mimeType: "text/plain; charset=utf-8",
      base64: Buffer.from(text, "utf8").toString("base64"),
      skipped: skipped.map((s) => `${s.questionId}: ${s.reason}`),
    };
  }
  if (input.format === "anki") {
    const { text } = exportAnki(bundle, { deck: bundle.course.title });
    return {
      filename: `${base}.anki.txt`,
      mimeType: "text/plain; charset=utf-8",
      base64: Buffer.from(text, "utf8").toString("base64"),
      skipped: [],
    };
  }
  const { files, skipped } = exportQti(questions, { bundle, packageId: base });
  const zip = zipSync(
    Object.fromEntries([...files].map(([path, text]) => [path, new TextEncoder().encode(text)])),
  );
  return {
    filename: `${base}.qti.zip`,
    mimeType: "application/zip",
    base64: Buffer.from(zip).toString("base64"),
    skipped: skipped.map((s: { questionId: string; reason: string }) => `${s.questionId}: ${s.reason}`),
  };
}
