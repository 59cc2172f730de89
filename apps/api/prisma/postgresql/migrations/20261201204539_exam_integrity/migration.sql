-- DropIndex
DROP INDEX "ReviewCard_userId_questionKey_key";

-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "learningAt" TIMESTAMP(3),
ADD COLUMN     "viewKey" TEXT;
-- Finished attempts wrote their learning data when they were graded.
UPDATE "Attempt" SET "learningAt" = "finishedAt" WHERE "state" = 'finished';

-- AlterTable: the same measure under its new name
ALTER TABLE "AttemptResponse" RENAME COLUMN "elapsedMs" TO "timeOnQuestionMs";

-- AlterTable: existing cards belong to their course's published version
ALTER TABLE "ReviewCard" ADD COLUMN     "versionId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "viewKey" TEXT;
UPDATE "ReviewCard" r SET "versionId" = COALESCE((
  SELECT c."versionId" FROM "Course" c JOIN "PackageVersion" v ON v."id" = c."versionId"
  WHERE c."slug" = r."courseSlug" AND v."status" = 'published' LIMIT 1), '');
ALTER TABLE "ReviewCard" ALTER COLUMN "versionId" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "Attempt_state_learningAt_idx" ON "Attempt"("state", "learningAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewCard_userId_versionId_questionKey_key" ON "ReviewCard"("userId", "versionId", "questionKey");
