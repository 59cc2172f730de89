"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/** Shown when a page fails: a plain sentence and a way on, never a stack trace. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="narrow card error-page">
      <h1 ref={heading} tabIndex={-1}>
        Something went wrong
      </h1>
      <p>This page could not be shown. Your saved work is safe; try again in a moment.</p>
      {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
      <div className="row">
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="button secondary">
          Go home
        </Link>
      </div>
    </div>
  );
}
