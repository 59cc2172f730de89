import { courseRouter } from "./routers/course.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  course: courseRouter,
});

export type AppRouter = typeof appRouter;
