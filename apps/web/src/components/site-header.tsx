import Link from "next/link";
import { getViewer, type Role } from "../lib/session";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { type ThemeChoice, ThemeToggle } from "./theme-toggle";

const linksByRole: Record<Role, Array<{ href: string; label: string }>> = {
  student: [
    { href: "/learn", label: "My work" },
    { href: "/review", label: "Review" },
    { href: "/courses", label: "Courses" },
  ],
  instructor: [
    { href: "/classes", label: "Classes" },
    { href: "/courses", label: "Courses" },
  ],
  author: [
    { href: "/author", label: "Packages" },
    { href: "/courses", label: "Courses" },
  ],
  admin: [
    { href: "/classes", label: "Classes" },
    { href: "/author", label: "Packages" },
    { href: "/courses", label: "Courses" },
    { href: "/learn", label: "Student view" },
    { href: "/admin", label: "People" },
  ],
};

export async function SiteHeader({ theme }: { theme: ThemeChoice }) {
  const viewer = await getViewer().catch(() => null);
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span aria-hidden="true" className="brand-mark">
          ◆
        </span>{" "}
        Groundwork
      </Link>
      {viewer ? <NavLinks links={linksByRole[viewer.role]} /> : null}
      <div className="header-tools">
        <ThemeToggle initial={theme} />
        {viewer ? (
          <>
            <span className="viewer" title={viewer.email}>
              {viewer.name} <span className="role-badge">{viewer.role}</span>
            </span>
            <SignOutButton />
          </>
        ) : (
          <Link href="/sign-in" className="button secondary">
            Sign in
          </Link>
        )}
      </div>
    </header>
  );
}
