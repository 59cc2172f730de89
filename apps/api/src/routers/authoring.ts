import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  acceptQuizSet,
  createDraftFrom,
  decideQuestion,
  exportVersion,
  getVersion,
  listPackages,
} from "../domain/authoring.ts";
import { publishVersion, uploadPackage } from "../domain/content.ts";
import { uploadLimits } from "../domain/package-files.ts";
import { authorProcedure } from "../trpc.ts";
import { sharedPackageBuilder } from "../workers/package-builder.ts";
import { id, VersionDetailSchema } from "./schemas.ts";

// Checked for base64 on the build worker: a regex over 30 MB here would hold up the API thread.
const base64 = z.string().max(Math.ceil((uploadLimits.maxTotalBytes * 4) / 3) + 4);

export const authoringRouter = {
  packages: authorProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          slug: z.string(),
          createdAt: z.date(),
          versions: z.array(
            z.object({
              id: z.string(),
              number: z.number().int(),
              status: z.string(),
              createdAt: z.date(),
              publishedAt: z.date().nullable(),
              course: z.object({ id: z.string(), title: z.string() }).nullable(),
            }),
          ),
        }),
      ),
    )
    .query(({ ctx }) => listPackages(ctx.db, ctx.user)),
  /**
   * Uploads a content package (a zip, or a folder's files) as a new draft. Invalid packages are
   * answered with every problem as `path:line: message`, exactly as the CLI prints them.
   */
  upload: authorProcedure
    .input(
      z.union([
        z.object({ zipBase64: base64 }),
        z.object({
          files: z
            .array(z.object({ path: z.string().min(1).max(300), base64 }))
            .min(1)
            .max(uploadLimits.maxFiles),
        }),
      ]),
    )
    .output(
      z.discriminatedUnion("ok", [
        z.object({
          ok: z.literal(true),
          packageId: z.string(),
          versionId: z.string(),
          versionNumber: z.number().int(),
          lessons: z.number().int(),
          questions: z.number().int(),
          dropped: z.number().int(),
          authored: z.number().int(),
          needsSource: z.number().int(),
          questionFileProblems: z.array(z.string()),
        }),
        z.object({
          ok: z.literal(false),
          problems: z.array(
            z.object({ path: z.string(), line: z.number().int().optional(), message: z.string() }),
          ),
        }),
      ]),
    )
    .mutation(({ ctx, input }) =>
      uploadPackage(
        ctx.db,
        {
          upload: input,
          authorId: ctx.user.id,
          isAdmin: ctx.user.role === "admin",
          now: ctx.now(),
        },
        sharedPackageBuilder(),
      ),
    ),
  version: authorProcedure
    .input(z.object({ versionId: id }))
    .output(VersionDetailSchema)
    .query(({ ctx, input }) => getVersion(ctx.db, ctx.user, input.versionId)),
  decide: authorProcedure
    .input(
      z.object({
        questionId: id,
        action: z.enum(["accept", "reject", "edit"]),
        edited: z.unknown().optional(),
      }),
    )
    .output(z.object({ id: z.string(), status: z.string() }))
    .mutation(({ ctx, input }) => decideQuestion(ctx.db, ctx.user, { ...input, now: ctx.now() })),
  /** Accepts the suggested quiz set (the questions marked `inQuizSet`) of a draft or of one of its lessons. */
  acceptQuizSet: authorProcedure
    .input(z.object({ versionId: id, lessonKey: z.string().min(1).max(200).optional() }))
    .output(z.object({ accepted: z.number().int() }))
    .mutation(({ ctx, input }) => acceptQuizSet(ctx.db, ctx.user, { ...input, now: ctx.now() })),
  publish: authorProcedure
    .input(z.object({ versionId: id }))
    .output(z.object({ versionId: z.string(), number: z.number().int() }))
    .mutation(({ ctx, input }) =>
      publishVersion(ctx.db, {
        versionId: input.versionId,
        authorId: ctx.user.id,
        isAdmin: ctx.user.role === "admin",
        now: ctx.now(),
      }),
    ),
  /** The version's question bank for other systems: GIFT (Moodle), QTI 3.0 or 1.2 (Canvas), SCORM 1.2 or 2004 (zips), Anki (text). */
  export: authorProcedure
    .input(
      z.object({ versionId: id, format: z.enum(["gift", "qti", "qti12", "scorm12", "scorm2004", "anki"]) }),
    )
    .output(
      z.object({
        filename: z.string(),
        mimeType: z.string(),
        base64: z.string(),
        skipped: z.array(z.string()),
      }),
    )
    .query(({ ctx, input }) => exportVersion(ctx.db, ctx.user, input)),
  /** A new draft copied from a version, to fix a published key without touching history. */
  newDraft: authorProcedure
    .input(z.object({ versionId: id }))
    .output(z.object({ id: z.string(), number: z.number().int() }))
    .mutation(({ ctx, input }) =>
      createDraftFrom(ctx.db, ctx.user, { versionId: input.versionId, now: ctx.now() }),
    ),
} satisfies TRPCRouterRecord;
