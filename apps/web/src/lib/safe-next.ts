/** Any origin does: only whether the parsed target stays on it matters. */
const base = "https://groundwork.invalid";

/**
 * Where to go after sign-in: a path on this site, or "/". The value is read by the WHATWG URL parser,
 * as the browser will read the Location header, so tabs, newlines and backslashes that make `/\t/evil`
 * mean `//evil` are seen for what they are; the answer is the parser's own normalised path, never a
 * form a browser could read another way.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== base || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
