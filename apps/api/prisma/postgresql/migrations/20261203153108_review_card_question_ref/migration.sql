-- A card names the Question row it reviews instead of a copy of it: the variant of its question id in
-- its version whose stem is the copy's, else the first variant. A card whose version has no such
-- question could not be shown any more, and is not kept.
ALTER TABLE "ReviewCard" ADD COLUMN "questionId" TEXT;
UPDATE "ReviewCard" rc SET "questionId" = (
    SELECT q."id" FROM "Question" q WHERE q."versionId" = rc."versionId" AND q."key" = rc."questionKey"
    ORDER BY (q."payload"->>'stem' IS NOT DISTINCT FROM rc."question"->>'stem') DESC, q."variant"
    LIMIT 1);
DELETE FROM "ReviewCard" WHERE "questionId" IS NULL;
ALTER TABLE "ReviewCard" DROP COLUMN "question",
ALTER COLUMN "questionId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "ReviewCard_questionId_idx" ON "ReviewCard"("questionId");

-- AddForeignKey
ALTER TABLE "ReviewCard" ADD CONSTRAINT "ReviewCard_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;
