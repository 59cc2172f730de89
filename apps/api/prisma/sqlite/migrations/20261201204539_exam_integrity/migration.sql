-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN "learningAt" DATETIME;
ALTER TABLE "Attempt" ADD COLUMN "viewKey" TEXT;
-- Finished attempts wrote their learning data when they were graded.
UPDATE "Attempt" SET "learningAt" = "finishedAt" WHERE "state" = 'finished';

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AttemptResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "attemptQuestionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "savedAt" DATETIME NOT NULL,
    "timeOnQuestionMs" INTEGER NOT NULL DEFAULT 0,
    "score" REAL,
    "correct" BOOLEAN,
    "feedback" TEXT,
    CONSTRAINT "AttemptResponse_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AttemptResponse_attemptQuestionId_fkey" FOREIGN KEY ("attemptQuestionId") REFERENCES "AttemptQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AttemptResponse" ("attemptId", "attemptQuestionId", "correct", "feedback", "id", "revision", "savedAt", "timeOnQuestionMs", "score", "value") SELECT "attemptId", "attemptQuestionId", "correct", "feedback", "id", "revision", "savedAt", "elapsedMs", "score", "value" FROM "AttemptResponse";
DROP TABLE "AttemptResponse";
ALTER TABLE "new_AttemptResponse" RENAME TO "AttemptResponse";
CREATE UNIQUE INDEX "AttemptResponse_attemptQuestionId_key" ON "AttemptResponse"("attemptQuestionId");
CREATE INDEX "AttemptResponse_attemptId_idx" ON "AttemptResponse"("attemptId");
CREATE TABLE "new_ReviewCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "viewKey" TEXT,
    "courseSlug" TEXT NOT NULL,
    "question" JSONB NOT NULL,
    "card" JSONB NOT NULL,
    "due" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewCard_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Existing cards belong to their course's published version.
INSERT INTO "new_ReviewCard" ("card", "courseSlug", "due", "id", "question", "questionKey", "versionId", "updatedAt", "userId") SELECT "card", "courseSlug", "due", "id", "question", "questionKey", COALESCE((SELECT c."versionId" FROM "Course" c JOIN "PackageVersion" v ON v."id" = c."versionId" WHERE c."slug" = "ReviewCard"."courseSlug" AND v."status" = 'published' LIMIT 1), ''), "updatedAt", "userId" FROM "ReviewCard";
DROP TABLE "ReviewCard";
ALTER TABLE "new_ReviewCard" RENAME TO "ReviewCard";
CREATE INDEX "ReviewCard_userId_due_idx" ON "ReviewCard"("userId", "due");
CREATE UNIQUE INDEX "ReviewCard_userId_versionId_questionKey_key" ON "ReviewCard"("userId", "versionId", "questionKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Attempt_state_learningAt_idx" ON "Attempt"("state", "learningAt");
