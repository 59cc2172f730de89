/**
 * Options for the batch transactions of exam day (a grade, learning data): wait for a pooled
 * connection as long as the interactive ones do (db/client.ts), not Prisma's 2 s, which a class
 * submitting at once on PostgreSQL exceeds: the submit would fail instead of waiting its turn.
 */
export const batchOptions = { maxWait: 20_000, timeout: 30_000 } as const;
