import "server-only";
import { createOriginPicker, parseApiOrigins } from "../../server/api-routing.mjs";

/**
 * The API processes behind this web origin, from API_ORIGINS (comma-separated), read at request time
 * so one build serves any deployment. A visitor's calls go where the /api proxy sends their browser's
 * (api-routing.mjs: by their cookies), so a page and the requests after it meet the same caches.
 */
const origins = parseApiOrigins(process.env.API_ORIGINS);
const pick = createOriginPicker(origins);

export function pickApiOrigin(cookie: string | null): string {
  return (origins[pick(cookie)] as URL).origin;
}
