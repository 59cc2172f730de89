"use client";

import { type FormEvent, useState } from "react";
import { postAuthForm } from "./auth-request";

/**
 * A sign-in or sign-up form's submit: posts the fields `read` takes from the form, shows the server's
 * message on failure, and calls `onDone` on success. The form stays busy after success, since what
 * follows (a page load, a confirmation) replaces it.
 */
export function useAuthForm(options: {
  path: Parameters<typeof postAuthForm>[0];
  read: (form: FormData) => Record<string, FormDataEntryValue | null>;
  fallbackMessage: string;
  onDone: () => void;
  initialError?: string | null;
}) {
  const [error, setError] = useState<string | null>(options.initialError ?? null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = options.read(new FormData(event.currentTarget));
    setBusy(true);
    setError(null);
    const outcome = await postAuthForm(options.path, fields, options.fallbackMessage);
    if (outcome.ok) {
      options.onDone();
      return;
    }
    setError(outcome.message);
    setBusy(false);
  }

  return { error, isBusy, submit };
}
