import type { Prisma } from "../generated/sqlite/client.ts";

/** A value for a Prisma Json column: plain data only (a round trip through JSON drops the rest). */
export const toJson = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value ?? null));

/** True when a write failed on a unique constraint (the same on both providers). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** A value read back from a Json column: already plain data, so it is written again as it is. */
export const storedJson = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
