-- CreateTable
CREATE TABLE "LearningOutbox" (
    "attemptId" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "retryAt" DATETIME NOT NULL,
    CONSTRAINT "LearningOutbox_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LearningOutbox_retryAt_idx" ON "LearningOutbox"("retryAt");

-- Attempts graded before the outbox whose learning data is still owed (after_due, not yet due).
INSERT INTO "LearningOutbox" ("attemptId", "createdAt", "failures", "retryAt")
SELECT "id", COALESCE("finishedAt", "startedAt"), 0, COALESCE("finishedAt", "startedAt")
FROM "Attempt" WHERE "state" = 'finished' AND "learningAt" IS NULL;
