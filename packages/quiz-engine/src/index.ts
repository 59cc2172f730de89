export * from "./errors.ts";
export * from "./gates.ts";
export * from "./generate.ts";
export * from "./grade.ts";
export * from "./schedule.ts";
export * from "./schemas.ts";
export * from "./statistics.ts";
export * from "./student-view.ts";
export { extractNumbers, normalizeAnswer, parseNumber } from "./text.ts";
