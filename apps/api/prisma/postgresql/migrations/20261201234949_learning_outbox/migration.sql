-- CreateTable
CREATE TABLE "LearningOutbox" (
    "attemptId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "retryAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LearningOutbox_pkey" PRIMARY KEY ("attemptId")
);

-- CreateIndex
CREATE INDEX "LearningOutbox_retryAt_idx" ON "LearningOutbox"("retryAt");

-- AddForeignKey
ALTER TABLE "LearningOutbox" ADD CONSTRAINT "LearningOutbox_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Attempts graded before the outbox whose learning data is still owed (after_due, not yet due).
INSERT INTO "LearningOutbox" ("attemptId", "createdAt", "failures", "retryAt")
SELECT "id", COALESCE("finishedAt", "startedAt"), 0, COALESCE("finishedAt", "startedAt")
FROM "Attempt" WHERE "state" = 'finished' AND "learningAt" IS NULL;
