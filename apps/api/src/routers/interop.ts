import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  confirmSource,
  importGiftIntoDraft,
  importQtiIntoDraft,
  listNeedsSource,
} from "../domain/authoring.ts";
import { unzipPackage, uploadLimits } from "../domain/package-files.ts";
import { authorProcedure } from "../trpc.ts";
import { id } from "./schemas.ts";

/** Banks from other systems into a draft: GIFT in, and the sources its questions need. */
export const interopRouter = {
  importGift: authorProcedure
    .input(
      z.object({
        versionId: id,
        fileName: z.string().min(1).max(200),
        text: z.string().max(8 * 1024 * 1024),
      }),
    )
    .output(
      z.object({ accepted: z.number().int(), needsSource: z.number().int(), problems: z.array(z.string()) }),
    )
    .mutation(({ ctx, input }) => importGiftIntoDraft(ctx.db, ctx.user, { ...input, now: ctx.now() })),
  /** A QTI 1.2 or 2.1 package (zip) or one XML file, as Canvas and Moodle export them. */
  importQti: authorProcedure
    .input(
      z.object({
        versionId: id,
        fileName: z.string().min(1).max(200),
        base64: z
          .string()
          .max(Math.ceil((uploadLimits.maxTotalBytes * 4) / 3) + 4)
          .regex(/^[A-Za-z0-9+/=\s]*$/, "not base64"),
      }),
    )
    .output(
      z.object({ accepted: z.number().int(), needsSource: z.number().int(), problems: z.array(z.string()) }),
    )
    .mutation(({ ctx, input }) => {
      const bytes = new Uint8Array(Buffer.from(input.base64, "base64"));
      // A zip starts with "PK"; anything else is read as one XML file.
      const files =
        bytes[0] === 0x50 && bytes[1] === 0x4b ? unzipPackage(bytes) : new Map([[input.fileName, bytes]]);
      return importQtiIntoDraft(ctx.db, ctx.user, {
        versionId: input.versionId,
        fileName: input.fileName,
        files,
        now: ctx.now(),
      });
    }),
  needsSource: authorProcedure
    .input(z.object({ versionId: id }))
    .output(
      z.array(
        z.object({
          questionId: z.string(),
          key: z.string(),
          title: z.string().nullable(),
          stem: z.string(),
          proposals: z.array(
            z.object({
              passageId: z.string(),
              articleId: z.string(),
              articleTitle: z.string(),
              score: z.number(),
              excerpt: z.string(),
            }),
          ),
        }),
      ),
    )
    .query(({ ctx, input }) => listNeedsSource(ctx.db, ctx.user, input.versionId)),
  confirmSource: authorProcedure
    .input(z.object({ questionId: id, passageId: z.string().min(1).max(200) }))
    .output(z.object({ id: z.string(), status: z.string() }))
    .mutation(({ ctx, input }) => confirmSource(ctx.db, ctx.user, { ...input, now: ctx.now() })),
} satisfies TRPCRouterRecord;
