import { createHmac, randomBytes } from "node:crypto";
import type { StudentIdMask } from "@groundwork/quiz-engine";

/** A new per-attempt (or per-card) secret for the ids a student is shown. */
export const createViewKey = (): string => randomBytes(32).toString("base64url");

/**
 * The ids a student sees for one question: an HMAC of the authored id under the attempt's secret,
 * scoped to the drawn question, so neither the ids nor their order (the engine sorts by them) can be
 * worked out from the authored ids or the key. Null keys (rows from before the secret) keep the
 * authored ids.
 */
export function studentIdMask(viewKey: string | null, scope: string): StudentIdMask | undefined {
  if (!viewKey) return undefined;
  const cache = new Map<string, string>();
  return {
    toStudent(side, authoredId) {
      const input = `${scope}\u0000${side}\u0000${authoredId}`;
      let shown = cache.get(input);
      if (shown === undefined) {
        shown = createHmac("sha256", viewKey).update(input).digest("base64url").slice(0, 16);
        cache.set(input, shown);
      }
      return shown;
    },
  };
}
