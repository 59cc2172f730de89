-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PackageVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packageId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "bundle" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    CONSTRAINT "PackageVersion_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "ContentPackage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The bundle was JSON text already: it is copied as it is, and read back as a Json value.
INSERT INTO "new_PackageVersion" ("bundle", "createdAt", "id", "number", "packageId", "publishedAt", "status") SELECT "bundle", "createdAt", "id", "number", "packageId", "publishedAt", "status" FROM "PackageVersion";
DROP TABLE "PackageVersion";
ALTER TABLE "new_PackageVersion" RENAME TO "PackageVersion";
CREATE UNIQUE INDEX "PackageVersion_packageId_number_key" ON "PackageVersion"("packageId", "number");
CREATE TABLE "new_Lesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "readingMinutes" REAL NOT NULL,
    CONSTRAINT "Lesson_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Lesson_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Lesson" ("articleId", "courseId", "id", "key", "position", "readingMinutes", "title") SELECT "articleId", "courseId", "id", "key", "position", "readingMinutes", "title" FROM "Lesson";
DROP TABLE "Lesson";
ALTER TABLE "new_Lesson" RENAME TO "Lesson";
CREATE INDEX "Lesson_courseId_position_idx" ON "Lesson"("courseId", "position");
CREATE UNIQUE INDEX "Lesson_courseId_key_key" ON "Lesson"("courseId", "key");
CREATE TABLE "new_Concept" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    CONSTRAINT "Concept_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Concept" ("courseId", "definition", "id", "key", "name") SELECT "courseId", "definition", "id", "key", "name" FROM "Concept";
DROP TABLE "Concept";
ALTER TABLE "new_Concept" RENAME TO "Concept";
CREATE UNIQUE INDEX "Concept_courseId_key_key" ON "Concept"("courseId", "key");
CREATE TABLE "new_Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "factKey" TEXT NOT NULL,
    "lessonKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'generated',
    "payload" JSONB NOT NULL,
    "gate" JSONB NOT NULL,
    "variant" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Question_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PackageVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- A question's fact, as domain/versions/fact-key.ts computes it: generator|passage|start-end of its
-- first citation, or id:<question id> when it has no generator or no citation.
INSERT INTO "new_Question" ("createdAt", "factKey", "gate", "id", "key", "lessonKey", "payload", "status", "type", "updatedAt", "variant", "versionId") SELECT "createdAt",
    CASE
        WHEN COALESCE(json_extract("payload", '$.generator'), '') <> '' AND json_type("payload", '$.sourceRefs[0]') IS NOT NULL
        THEN json_extract("payload", '$.generator') || '|' || json_extract("payload", '$.sourceRefs[0].passageId') || '|' || json_extract("payload", '$.sourceRefs[0].rawStart') || '-' || json_extract("payload", '$.sourceRefs[0].rawEnd')
        ELSE 'id:' || COALESCE(json_extract("payload", '$.id'), '')
    END,
    "gate", "id", "key", "lessonKey", "payload", "status", "type", "updatedAt", "variant", "versionId" FROM "Question";
DROP TABLE "Question";
ALTER TABLE "new_Question" RENAME TO "Question";
CREATE INDEX "Question_versionId_lessonKey_status_idx" ON "Question"("versionId", "lessonKey", "status");
CREATE INDEX "Question_versionId_factKey_idx" ON "Question"("versionId", "factKey");
CREATE UNIQUE INDEX "Question_versionId_key_variant_key" ON "Question"("versionId", "key", "variant");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
