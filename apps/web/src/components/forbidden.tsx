import Link from "next/link";

export function Forbidden({ needs }: { needs: string }) {
  return (
    <div className="narrow card error-page">
      <h1>Not available</h1>
      <p>This page is for the {needs} role. Sign in with such an account to use it.</p>
      <Link href="/" className="button">
        Go home
      </Link>
    </div>
  );
}
