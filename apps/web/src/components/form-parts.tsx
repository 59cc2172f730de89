import { messageOf } from "../lib/errors";

/** Pieces every form shares, so each says an error and asks for a new password the same way. */

/**
 * A failed call's or form's error, read out by screen readers as it appears: a message as given, an
 * error in the API's own words (`messageOf`); nothing when there is none.
 */
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error-text">
      {typeof error === "string" ? error : messageOf(error)}
    </p>
  );
}

/** A field for a password being set: the server's minimum of 10 characters, and the browser's new-password hint. */
export function NewPasswordField({ id, label }: { id: string; label: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label} (at least 10 characters)</label>
      <input id={id} name="password" type="password" required minLength={10} autoComplete="new-password" />
    </div>
  );
}
