import { redirect } from "next/navigation";
import { requireViewer } from "../lib/session";

/** Everyone starts where their work is. */
export default async function HomePage() {
  const viewer = await requireViewer("/");
  const home = { student: "/learn", instructor: "/classes", author: "/author", admin: "/classes" };
  redirect(home[viewer.role]);
}
