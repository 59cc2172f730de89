-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReviewCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "viewKey" TEXT,
    "courseSlug" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "card" JSONB NOT NULL,
    "due" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewCard_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewCard_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- A card names the Question row it reviews instead of a copy of it: the variant of its question id in
-- its version whose stem is the copy's, else the first variant. A card whose version has no such
-- question could not be shown any more, and is not kept.
INSERT INTO "new_ReviewCard" ("card", "courseSlug", "due", "id", "questionKey", "updatedAt", "userId", "versionId", "viewKey", "questionId")
SELECT * FROM (
    SELECT rc."card", rc."courseSlug", rc."due", rc."id", rc."questionKey", rc."updatedAt", rc."userId", rc."versionId", rc."viewKey",
        (SELECT q."id" FROM "Question" q WHERE q."versionId" = rc."versionId" AND q."key" = rc."questionKey"
         ORDER BY json_extract(q."payload", '$.stem') IS json_extract(rc."question", '$.stem') DESC, q."variant"
         LIMIT 1) AS "questionId"
    FROM "ReviewCard" rc
) WHERE "questionId" IS NOT NULL;
DROP TABLE "ReviewCard";
ALTER TABLE "new_ReviewCard" RENAME TO "ReviewCard";
CREATE INDEX "ReviewCard_userId_due_idx" ON "ReviewCard"("userId", "due");
CREATE INDEX "ReviewCard_questionId_idx" ON "ReviewCard"("questionId");
CREATE UNIQUE INDEX "ReviewCard_userId_versionId_questionKey_key" ON "ReviewCard"("userId", "versionId", "questionKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
