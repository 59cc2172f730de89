-- AlterTable
-- The bundle was JSON text already: it becomes a Json value in place.
ALTER TABLE "PackageVersion" ALTER COLUMN "bundle" SET DATA TYPE JSONB USING "bundle"::jsonb;

-- AlterTable
ALTER TABLE "Lesson" DROP COLUMN "content";

-- AlterTable
ALTER TABLE "Concept" DROP COLUMN "details";

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "factKey" TEXT NOT NULL DEFAULT '';
-- A question's fact, as domain/versions/fact-key.ts computes it: generator|passage|start-end of its
-- first citation, or id:<question id> when it has no generator or no citation.
UPDATE "Question" SET "factKey" = CASE
    WHEN COALESCE("payload"->>'generator', '') <> '' AND jsonb_typeof("payload"->'sourceRefs'->0) IS NOT NULL
    THEN ("payload"->>'generator') || '|' || ("payload"->'sourceRefs'->0->>'passageId') || '|' || ("payload"->'sourceRefs'->0->>'rawStart') || '-' || ("payload"->'sourceRefs'->0->>'rawEnd')
    ELSE 'id:' || COALESCE("payload"->>'id', '')
END;
ALTER TABLE "Question" ALTER COLUMN "factKey" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "Question_versionId_factKey_idx" ON "Question"("versionId", "factKey");
