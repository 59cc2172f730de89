import { initTRPC } from "@trpc/server";
import type { Db } from "./db/client.ts";

export interface Context {
  db: Db;
  /** The server clock: deadlines and timestamps come from here, never from the client. */
  now: () => Date;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Never send a stack trace or an internal message to the browser.
    const isInternal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: isInternal ? "Something went wrong on our side; it has been logged." : shape.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;
