"use client";

import { useState } from "react";

export function SignOutButton() {
  const [isBusy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await fetch("/api/auth/sign-out", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    } finally {
      // A full navigation drops every cached query of the old session.
      window.location.assign("/sign-in");
    }
  }
  return (
    <button type="button" className="button secondary" onClick={signOut} disabled={isBusy}>
      Sign out
    </button>
  );
}
