import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { createUser, listUsers, setDisabled, setRole } from "../domain/admin.ts";
import { adminProcedure } from "../trpc.ts";
import { id, RoleSchema } from "./schemas.ts";

export const adminRouter = {
  users: adminProcedure
    .input(
      z
        .object({
          search: z.string().trim().max(100).optional(),
          take: z.number().int().min(1).max(500).default(100),
        })
        .default({ take: 100 }),
    )
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          email: z.string(),
          role: z.string(),
          disabled: z.boolean(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  /** Accounts come from an admin (sign-up over HTTP is off unless SIGN_UP says otherwise). */
  createUser: adminProcedure
    .input(
      z.object({
        email: z.email().max(254),
        name: z.string().trim().min(1).max(100),
        role: RoleSchema,
        password: z.string().min(10).max(256),
      }),
    )
    .output(z.object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema }))
    .mutation(({ ctx, input }) => createUser(ctx.db, { ...input, now: ctx.now() })),
  setRole: adminProcedure
    .input(z.object({ userId: id, role: RoleSchema }))
    .output(z.object({ id: z.string(), role: RoleSchema }))
    .mutation(({ ctx, input }) => setRole(ctx.db, { actorId: ctx.user.id, ...input })),
  /** Disabling ends the account's sessions at once. */
  setDisabled: adminProcedure
    .input(z.object({ userId: id, disabled: z.boolean() }))
    .output(z.object({ id: z.string(), disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setDisabled(ctx.db, { actorId: ctx.user.id, ...input })),
} satisfies TRPCRouterRecord;
