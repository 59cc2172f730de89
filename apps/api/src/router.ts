import { accountRouter } from "./routers/account.ts";
import { adminRouter } from "./routers/admin.ts";
import { assignmentRouter } from "./routers/assignment.ts";
import { attemptRouter } from "./routers/attempt.ts";
import { authoringRouter } from "./routers/authoring.ts";
import { classRouter } from "./routers/class.ts";
import { courseRouter } from "./routers/course.ts";
import { interopRouter } from "./routers/interop.ts";
import { lessonRouter } from "./routers/lesson.ts";
import { progressRouter } from "./routers/progress.ts";
import { reviewRouter } from "./routers/review.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  account: accountRouter,
  admin: adminRouter,
  assignment: assignmentRouter,
  attempt: attemptRouter,
  authoring: authoringRouter,
  class: classRouter,
  course: courseRouter,
  interop: interopRouter,
  lesson: lessonRouter,
  progress: progressRouter,
  review: reviewRouter,
});

export type AppRouter = typeof appRouter;
