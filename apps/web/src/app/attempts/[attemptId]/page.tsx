import type { Metadata } from "next";
import { load, requireViewer } from "../../../lib/session";
import { createServerApi } from "../../../lib/trpc/server";
import { QuizPlayer } from "./quiz-player";
import { Results } from "./results";

export const metadata: Metadata = { title: "Quiz" };

export default async function AttemptPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const here = `/attempts/${attemptId}`;
  await requireViewer(here);
  const api = await createServerApi();
  const attempt = await load(() => api.attempt.byId.query({ attemptId }), here);
  if (attempt.state !== "in_progress") return <Results attempt={attempt} />;
  const assignments = await load(() => api.progress.assignments.query(), here);
  const timeLimitSeconds = assignments.find((a) => a.id === attempt.assignment.id)?.timeLimitSeconds ?? null;
  return <QuizPlayer initial={attempt} hasTimeLimit={timeLimitSeconds !== null} />;
}
