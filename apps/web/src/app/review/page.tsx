import type { Metadata } from "next";
import { Forbidden } from "../../components/forbidden";
import { hasRole, requireViewer } from "../../lib/session";
import { ReviewSession } from "./review-session";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  const viewer = await requireViewer("/review");
  if (!hasRole(viewer, "student", "instructor")) return <Forbidden needs="student" />;
  return (
    <>
      <h1>Review</h1>
      <p className="muted">Questions come back when you are about to forget them. Answer each, then check.</p>
      <ReviewSession />
    </>
  );
}
