import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  createClass,
  enrolByEmail,
  getTaughtClass,
  joinClass,
  listTaughtClasses,
  removeStudent,
} from "../domain/classes.ts";
import { instructorProcedure, studentProcedure } from "../trpc.ts";
import { id } from "./schemas.ts";

export const classRouter = {
  list: instructorProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          inviteCode: z.string(),
          students: z.number().int(),
          assignments: z.number().int(),
        }),
      ),
    )
    .query(({ ctx }) => listTaughtClasses(ctx.db, ctx.user)),
  byId: instructorProcedure
    .input(z.object({ classId: id }))
    .output(
      z.object({
        id: z.string(),
        name: z.string(),
        inviteCode: z.string(),
        instructorId: z.string(),
        students: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
      }),
    )
    .query(({ ctx, input }) => getTaughtClass(ctx.db, ctx.user, input.classId)),
  create: instructorProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120) }))
    .output(z.object({ id: z.string(), name: z.string(), inviteCode: z.string() }))
    .mutation(({ ctx, input }) =>
      createClass(ctx.db, { instructorId: ctx.user.id, name: input.name, now: ctx.now() }),
    ),
  /** A student joins with an invite code. */
  join: studentProcedure
    .input(z.object({ inviteCode: z.string().trim().min(4).max(20) }))
    .output(z.object({ id: z.string(), name: z.string() }))
    .mutation(({ ctx, input }) =>
      joinClass(ctx.db, { userId: ctx.user.id, inviteCode: input.inviteCode, now: ctx.now() }),
    ),
  /** The instructor enrols a list of students by email. */
  enrol: instructorProcedure
    .input(z.object({ classId: id, emails: z.array(z.string().trim().max(254)).min(1).max(500) }))
    .output(
      z.object({ enrolled: z.array(z.string()), already: z.array(z.string()), unknown: z.array(z.string()) }),
    )
    .mutation(({ ctx, input }) =>
      enrolByEmail(ctx.db, ctx.user, { classId: input.classId, emails: input.emails, now: ctx.now() }),
    ),
  removeStudent: instructorProcedure
    .input(z.object({ classId: id, userId: id }))
    .output(z.object({ removed: z.boolean() }))
    .mutation(({ ctx, input }) => removeStudent(ctx.db, ctx.user, input)),
} satisfies TRPCRouterRecord;
