import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { publicProcedure } from "../trpc.ts";
import { RoleSchema } from "./schemas.ts";

export const accountRouter = {
  /** Who is signed in, or null. Sign-in and sign-out themselves are better-auth's /api/auth routes. */
  me: publicProcedure
    .output(z.object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema }).nullable())
    .query(({ ctx }) => ctx.user),
} satisfies TRPCRouterRecord;
