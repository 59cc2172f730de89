import {
  citePassage,
  exportAnki,
  exportGift,
  exportQti,
  exportQti12,
  exportScorm,
  gateQuestion,
  importGift,
  importQti,
  type Question,
  QuestionSchema,
  type SourceProposal,
} from "@groundwork/quiz-engine";
import { zipSync } from "fflate";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { storedJson, toJson } from "../db/json.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Actor } from "./classes.ts";
import { importCourseRows } from "./content.ts";
import { NEEDS_SOURCE_STATUS, provisionallyCited } from "./sourceless.ts";
import { type BankItem, factKeyOf, loadVersion, type VersionSnapshot } from "./versions/index.ts";

export { NEEDS_SOURCE_STATUS, UNUSABLE_STATUSES } from "./sourceless.ts";

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

/** What the gates said of a question, as stored with it. */
const GateRecordSchema = z.object({
  passed: z.boolean(),
  // A passed gate stores no failures (gateQuestion's result).
  failures: z.array(z.object({ gate: z.string(), reason: z.string() })).default([]),
  proposals: z
    .array(z.object({ passageId: z.string(), articleId: z.string(), score: z.number(), excerpt: z.string() }))
    .optional(),
}) satisfies z.ZodType<{ proposals?: SourceProposal[] }>;

/** A version's bank as authors see it: the first variant of each question, by lesson then key. */
const firstVariants = (snapshot: VersionSnapshot): BankItem[] =>
  snapshot.bank
    .filter((q) => q.variant === 0)
    .sort((a, b) => compareText(a.lessonKey, b.lessonKey) || compareText(a.key, b.key));

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  const snapshot = await loadVersion(db, versionId);
  const { bundle } = snapshot;
  // The review record of each question (its gate and last change) is the author's, not the version's.
  const reviews = new Map(
    (
      await db.read.question.findMany({
        where: { versionId, variant: 0 },
        select: { id: true, gate: true, updatedAt: true },
      })
    ).map((r) => [r.id, r]),
  );
  return {
    id: version.id,
    number: version.number,
    status: version.status,
    slug: version.package.slug,
    course: { id: snapshot.course.id, title: snapshot.course.title },
    lessons: bundle.lessons.map((l) => ({ id: l.id, title: l.title })),
    reports: bundle.reports.map((r) => {
      const article = snapshot.articleByKey.get(r.articleId);
      return { ...r, articleTitle: article?.title ?? r.articleId, rawText: article?.rawText ?? "" };
    }),
    questions: firstVariants(snapshot).flatMap((q) => {
      const review = reviews.get(q.id);
      if (!review) return [];
      const { proposals: _proposals, ...gate } = GateRecordSchema.parse(review.gate);
      return [
        {
          id: q.id,
          key: q.key,
          lessonKey: q.lessonKey,
          type: q.question.type,
          status: q.status,
          question: q.question,
          gate,
          updatedAt: review.updatedAt,
        },
      ];
    }),
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
  const row = await db.read.question.findUnique({
    where: { id: input.questionId },
    select: { versionId: true },
  });
  if (!row) throw new NotFoundError("No such question.");
  const version = await requireOwnVersion(db, actor, row.versionId);
  const snapshot = await loadVersion(db, row.versionId);
  const question = snapshot.questionById.get(input.questionId);
  if (!question) throw new NotFoundError("No such question.");
  if (version.status !== "draft") {
    throw new ConflictError(
      `Version ${version.number} is ${version.status} and cannot change; make a new draft to edit it.`,
    );
  }
  if (input.action === "accept" && question.status === NEEDS_SOURCE_STATUS) {
    throw new ConflictError("This question needs a source: confirm the passage it comes from first.");
  }
  let edit: { question: Question; gate: unknown } | undefined;
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
    const result = gateQuestion(parsed.data, snapshot.bundle);
    if (!result.passed) {
      throw new InvalidInputError(
        `The edit fails the gates: ${result.failures.map((f) => `${f.gate}: ${f.reason}`).join("; ")}`,
      );
    }
    edit = { question: parsed.data, gate: result };
  }
  const status = input.action === "accept" ? "accepted" : input.action === "reject" ? "rejected" : "edited";
  // Variants of a fact share its fate: a rejected fact is never drawn, an edit replaces every variant
  // (and the fact it asks about is the edited one's).
  await db.transaction(async (tx) => {
    await tx.question.updateMany({
      where: { versionId: snapshot.versionId, factKey: question.factKey },
      data: edit
        ? {
            status,
            payload: toJson(edit.question),
            gate: toJson(edit.gate),
            factKey: factKeyOf(edit.question),
          }
        : { status },
    });
    await tx.questionDecision.create({
      data: {
        questionId: question.id,
        authorId: actor.id,
        action: input.action,
        before: toJson(question.question),
        after: edit ? toJson(edit.question) : undefined,
        createdAt: input.now,
      },
      select: { id: true },
    });
  });
  return { id: question.id, status };
}

/**
 * Accepts the generator's suggested quiz set in one action: every question of a draft, or of one of
 * its lessons, that the generator put in its lesson's default set (`inQuizSet`), with its variants,
 * as `decideQuestion` accepts one. What the author already rejected stays rejected, and what still
 * needs a source is left alone; each acceptance is kept as a decision, as one by one.
 */
export async function acceptQuizSet(
  db: Db,
  actor: Actor,
  input: { versionId: string; lessonKey?: string; now: Date },
) {
  const version = await requireOwnVersion(db, actor, input.versionId);
  if (version.status !== "draft") {
    throw new ConflictError(
      `Version ${version.number} is ${version.status} and cannot change; make a new draft to edit it.`,
    );
  }
  const bank = (await loadVersion(db, input.versionId)).bank.filter((q) => q.status !== NEEDS_SOURCE_STATUS);
  const chosen = bank.filter(
    (q) =>
      q.variant === 0 &&
      (input.lessonKey === undefined || q.lessonKey === input.lessonKey) &&
      q.question.inQuizSet === true &&
      q.status !== "rejected" &&
      q.status !== "accepted",
  );
  const facts = new Set(chosen.map((q) => q.factKey));
  const ids = bank.filter((q) => q.status !== "accepted" && facts.has(q.factKey)).map((q) => q.id);
  if (chosen.length > 0)
    await db.transaction(async (tx) => {
      await tx.question.updateMany({ where: { id: { in: ids } }, data: { status: "accepted" } });
      await tx.questionDecision.createMany({
        data: chosen.map((r) => ({
          questionId: r.id,
          authorId: actor.id,
          action: "accept",
          before: toJson(r.question),
          createdAt: input.now,
        })),
      });
    });
  return { accepted: chosen.length };
}

/** A new draft from a published version: same bundle, same bank and decisions, ready for fixes. */
export async function createDraftFrom(db: Db, actor: Actor, input: { versionId: string; now: Date }) {
  const version = await requireOwnVersion(db, actor, input.versionId);
  const snapshot = await loadVersion(db, version.id);
  // The stored rows are copied as they are: the bundle and each question's review record.
  const source = await db.read.packageVersion.findUnique({
    where: { id: version.id },
    select: { bundle: true, questions: { select: { id: true, type: true, gate: true } } },
  });
  if (!source) throw new NotFoundError("No such package version.");
  const reviews = new Map(source.questions.map((q) => [q.id, q]));
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
          bundle: storedJson(source.bundle),
          createdAt: input.now,
        },
        select: { id: true, number: true },
      });
      await importCourseRows(tx, draft.id, snapshot.bundle, input.now);
      const rows = snapshot.bank.map((q) => ({
        versionId: draft.id,
        key: q.key,
        factKey: q.factKey,
        lessonKey: q.lessonKey,
        type: reviews.get(q.id)?.type ?? q.question.type,
        status: q.status,
        payload: toJson(q.question),
        gate: storedJson(reviews.get(q.id)?.gate ?? { passed: true, failures: [] }),
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
  input: { versionId: string; format: "gift" | "qti" | "qti12" | "scorm12" | "scorm2004" | "anki" },
) {
  const version = await requireOwnVersion(db, actor, input.versionId);
  const snapshot = await loadVersion(db, input.versionId);
  const { bundle } = snapshot;
  // GIFT gives a bank back as it came, sourceless drafts included (without their provisional
  // citation); the other formats carry usable questions only.
  const questions = firstVariants(snapshot)
    .filter((q) => q.status !== "rejected")
    .filter((q) => input.format === "gift" || q.status !== NEEDS_SOURCE_STATUS)
    .map((q) => (q.status === NEEDS_SOURCE_STATUS ? { ...q.question, sourceRefs: [] } : q.question));
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
  if (input.format === "scorm12" || input.format === "scorm2004") {
    const version = input.format === "scorm12" ? "1.2" : "2004";
    const scorm = exportScorm(bundle, questions, { version });
    const zip = zipSync(
      Object.fromEntries([...scorm.files].map(([path, text]) => [path, new TextEncoder().encode(text)])),
    );
    return {
      filename: `${base}.scorm${version === "1.2" ? "12" : "2004"}.zip`,
      mimeType: "application/zip",
      base64: Buffer.from(zip).toString("base64"),
      skipped: scorm.skipped.map((s) => `${s.questionId}: ${s.reason}`),
    };
  }
  const { files, skipped } =
    input.format === "qti12"
      ? exportQti12(questions, { bundle, assessmentId: base, title: bundle.course.title })
      : exportQti(questions, { bundle, packageId: base });
  const zip = zipSync(
    Object.fromEntries([...files].map(([path, text]) => [path, new TextEncoder().encode(text)])),
  );
  return {
    filename: `${base}.${input.format === "qti12" ? "qti12" : "qti"}.zip`,
    mimeType: "application/zip",
    base64: Buffer.from(zip).toString("base64"),
    skipped: skipped.map((s: { questionId: string; reason: string }) => `${s.questionId}: ${s.reason}`),
  };
}

/**
 * Imports a GIFT file (a Moodle bank, say) into a draft version. Cited questions that pass the
 * gates join the bank as accepted; a question without a source is kept whole as `needs_source`,
 * with the course's best-matching passages proposed and the best one as a provisional citation
 * (so it stays a well-formed question); it is never drawn until its author confirms a passage.
 * Every problem comes back as `file:line:column: message`; nothing already saved changes.
 */
export async function importGiftIntoDraft(
  db: Db,
  actor: Actor,
  input: { versionId: string; fileName: string; text: string; now: Date },
) {
  const target = await openDraftForImport(db, actor, input.versionId);
  const result = importGift(input.text, { bundle: target.bundle });
  const at = (p: { line: number; column: number }) => `${input.fileName}:${p.line}:${p.column}`;
  const problems = [
    ...result.problems.map((p) => `${at(p)}: ${p.severity}: ${p.message}`),
    ...result.skipped.map((s) => `${at(s)}: skipped ${s.kind}: ${s.reason}`),
  ];
  for (const d of result.drafts.filter((draft) => !draft.needsSource))
    problems.push(`${at(d)}: not imported: ${d.reasons.join("; ")}`);
  return storeImported(db, target, input, result, problems);
}

/**
 * Imports a QTI 1.2 or 2.1 package (a Canvas or Moodle export, a zip or one XML file) into a draft
 * version, as `importGiftIntoDraft` does; every item is reported: imported, waiting for a source,
 * or skipped with its reason.
 */
export async function importQtiIntoDraft(
  db: Db,
  actor: Actor,
  input: { versionId: string; fileName: string; files: ReadonlyMap<string, Uint8Array>; now: Date },
) {
  const target = await openDraftForImport(db, actor, input.versionId);
  const texts = new Map<string, string>();
  for (const [path, bytes] of input.files)
    if (/\.(xml|qti)$/i.test(path)) texts.set(path, new TextDecoder().decode(bytes));
  if (texts.size === 0) throw new InvalidInputError(`${input.fileName} holds no XML file to read as QTI.`);
  const result = importQti(texts, { bundle: target.bundle });
  const problems = result.items
    .filter((i) => i.status === "skipped")
    .map(
      (i) =>
        `${input.fileName}: ${i.file}: item ${i.ident}${i.title ? ` “${i.title}”` : ""} skipped: ${i.reason}`,
    );
  return storeImported(db, target, input, result, problems);
}

async function openDraftForImport(db: Db, actor: Actor, versionId: string) {
  const version = await requireOwnVersion(db, actor, versionId);
  if (version.status !== "draft") {
    throw new ConflictError(`Version ${version.number} is ${version.status}; import into a draft.`);
  }
  const snapshot = await loadVersion(db, versionId);
  const fallback = snapshot.bundle.passages[0];
  if (!fallback) throw new InvalidInputError("The course has no passage to cite.");
  return { versionId, snapshot, bundle: snapshot.bundle, fallbackPassageId: fallback.id };
}

/**
 * Stores what an import (GIFT, QTI) read: cited questions as accepted, sourceless drafts as
 * `needs_source` with the proposed passages in their gate record and the best one as a provisional
 * citation (so the payload stays a well-formed question); never drawn until their author confirms a
 * passage. Drafts that are not sourceless were refused by the gates and are in `problems` already.
 */
async function storeImported(
  db: Db,
  target: Awaited<ReturnType<typeof openDraftForImport>>,
  input: { fileName: string; now: Date },
  imported: {
    questions: readonly Question[];
    drafts: ReadonlyArray<{ needsSource: boolean; question: unknown; proposals: SourceProposal[] }>;
  },
  problems: string[],
) {
  const { questions } = imported;
  const sourceless = imported.drafts.filter((d) => d.needsSource);
  const { bundle } = target;
  const lessonOf = new Map<string, string>();
  for (const lesson of bundle.lessons) for (const id of lesson.passageIds) lessonOf.set(id, lesson.id);
  const existing = new Set(target.snapshot.bank.map((q) => q.key));
  const rows: Array<{ question: Question; status: string; gate: unknown }> = [];
  for (const question of questions)
    rows.push({ question, status: "accepted", gate: { passed: true, failures: [] } });
  for (const draft of sourceless) {
    const cited = provisionallyCited(bundle, draft);
    if ("error" in cited) {
      problems.push(`${input.fileName}: not imported: ${cited.error}`);
      continue;
    }
    rows.push({ question: cited.question, status: NEEDS_SOURCE_STATUS, gate: cited.gate });
  }
  const fresh = rows.filter((r) => {
    if (existing.has(r.question.id)) {
      problems.push(
        `${input.fileName}: question ${r.question.id} is already in this version; kept the one there`,
      );
      return false;
    }
    existing.add(r.question.id);
    return true;
  });
  const data = fresh.map(({ question, status, gate }) => ({
    versionId: target.versionId,
    key: question.id,
    factKey: factKeyOf(question),
    lessonKey: lessonOf.get(question.sourceRefs[0]?.passageId ?? "") ?? bundle.lessons[0]?.id ?? "",
    type: question.type,
    status,
    payload: toJson(question),
    gate: toJson(gate),
    variant: 0,
    createdAt: input.now,
  }));
  await db.transaction(async (tx) => {
    for (let i = 0; i < data.length; i += 200) await tx.question.createMany({ data: data.slice(i, i + 200) });
  });
  return {
    accepted: fresh.filter((r) => r.status === "accepted").length,
    needsSource: fresh.filter((r) => r.status === NEEDS_SOURCE_STATUS).length,
    problems,
  };
}

/** The version's questions that wait for a source, with the passages proposed for each. */
export async function listNeedsSource(db: Db, actor: Actor, versionId: string) {
  await requireOwnVersion(db, actor, versionId);
  const snapshot = await loadVersion(db, versionId);
  const rows = await db.read.question.findMany({
    where: { versionId, status: NEEDS_SOURCE_STATUS },
    orderBy: { key: "asc" },
    select: { id: true, key: true, gate: true },
  });
  const titleOf = (articleId: string) => snapshot.articleByKey.get(articleId)?.title ?? articleId;
  return rows.flatMap((row) => {
    const question = snapshot.questionById.get(row.id)?.question;
    if (!question) return [];
    const proposals = (GateRecordSchema.parse(row.gate).proposals ?? []).map((p) => ({
      ...p,
      articleTitle: titleOf(p.articleId),
    }));
    return [
      {
        questionId: row.id,
        key: row.key,
        title: question.title ?? null,
        stem: question.stem,
        proposals,
      },
    ];
  });
}

/**
 * The author confirms the passage a sourceless question comes from: it is cited, the gates run,
 * and it joins the bank as accepted. A citation the gates refuse is an error, and nothing changes.
 */
export async function confirmSource(
  db: Db,
  actor: Actor,
  input: { questionId: string; passageId: string; now: Date },
) {
  const row = await db.read.question.findUnique({
    where: { id: input.questionId },
    select: { id: true, versionId: true, status: true },
  });
  if (!row) throw new NotFoundError("No such question.");
  const version = await requireOwnVersion(db, actor, row.versionId);
  if (version.status !== "draft") {
    throw new ConflictError(`Version ${version.number} is ${version.status} and cannot change.`);
  }
  if (row.status !== NEEDS_SOURCE_STATUS) throw new ConflictError("This question already has a source.");
  const snapshot = await loadVersion(db, row.versionId);
  const { bundle } = snapshot;
  const passage = snapshot.passageByKey.get(input.passageId);
  if (!passage) throw new InvalidInputError(`passageId: no passage ${input.passageId} in this course.`);
  const before = snapshot.questionById.get(row.id)?.question;
  if (!before) throw new NotFoundError("No such question.");
  const cited: Question = {
    ...before,
    sourceRefs: [citePassage(bundle, passage.id)],
    conceptIds: [...new Set([...before.conceptIds, ...passage.conceptIds])],
  };
  const gate = gateQuestion(cited, bundle);
  if (!gate.passed) {
    throw new InvalidInputError(
      `With passage ${passage.id} the question fails the gates: ${gate.failures.map((f) => `${f.gate}: ${f.reason}`).join("; ")}`,
    );
  }
  const lessonKey = bundle.lessons.find((l) => l.passageIds.includes(passage.id))?.id;
  await db.transaction(async (tx) => {
    await tx.question.update({
      where: { id: row.id },
      data: {
        status: "accepted",
        payload: toJson(cited),
        factKey: factKeyOf(cited),
        gate: toJson(gate),
        ...(lessonKey ? { lessonKey } : {}),
      },
      select: { id: true },
    });
    await tx.questionDecision.create({
      data: {
        questionId: row.id,
        authorId: actor.id,
        action: "cite",
        before: toJson(before),
        after: toJson(cited),
        createdAt: input.now,
      },
      select: { id: true },
    });
  });
  return { id: row.id, status: "accepted" };
}
