// The only thing apps/web may import from the API, and only as a type.
export type { AppRouter } from "./router.ts";
