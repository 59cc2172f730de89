import Link from "next/link";

export default function NotFound() {
  return (
    <div className="narrow card error-page">
      <h1>Page not found</h1>
      <p>There is nothing here, or it is not yours to see.</p>
      <Link href="/" className="button">
        Go home
      </Link>
    </div>
  );
}
