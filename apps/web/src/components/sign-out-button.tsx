/** A plain form post: it works the moment the page is painted, before any JavaScript runs. */
export function SignOutButton() {
  return (
    <form method="post" action="/sign-out">
      <button type="submit" className="button secondary">
        Sign out
      </button>
    </form>
  );
}
