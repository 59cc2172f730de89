import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { confirmSource, importGiftIntoDraft, listNeedsSource } from "../domain/authoring.ts";
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
