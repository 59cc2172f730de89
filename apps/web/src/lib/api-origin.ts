import "server-only";

/**
 * The API processes behind this web origin, from API_ORIGINS (comma-separated), read at request time
 * so one build serves any deployment. Requests rotate between them.
 */
const origins = (process.env.API_ORIGINS ?? "http://127.0.0.1:3001")
  .split(",")
  .map((origin) => origin.trim().replace(/\/$/, ""))
  .filter(Boolean);
let next = 0;

export function pickApiOrigin(): string {
  const origin = origins[next % origins.length] ?? "http://127.0.0.1:3001";
  next = (next + 1) % origins.length;
  return origin;
}
