import { AsyncLocalStorage } from "node:async_hooks";

/**
 * better-auth keeps each request's state in AsyncLocalStorage. On Node 20 the first `run()` of one
 * turns on promise hooks for the whole process, for good: from the first sign-in on, every promise of
 * every request pays for them (a fifth of a trivial API call). Between auth requests those stores hold
 * nothing, so the API server disables them once none is in flight (`disable()` is Node's own switch;
 * the next `run()` enables them again). better-auth keeps them on its global context object, shared by
 * every copy of the library in the process. Returns how many it disabled.
 */
export function quietAuthContext(): number {
  const shared = (globalThis as Record<symbol, { context?: Record<string, unknown> } | undefined>)[
    Symbol.for("better-auth:global")
  ];
  let disabled = 0;
  for (const value of Object.values(shared?.context ?? {})) {
    if (value instanceof AsyncLocalStorage) {
      value.disable();
      disabled++;
    }
  }
  return disabled;
}
