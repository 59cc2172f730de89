-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "attemptsAllowed" INTEGER NOT NULL DEFAULT 1,
    "timeLimitSeconds" INTEGER,
    "feedbackPolicy" TEXT NOT NULL DEFAULT 'after_submit',
    "questionCount" INTEGER NOT NULL DEFAULT 10,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Existing assignments were last edited no later than they were created, as far as anyone knows.
INSERT INTO "new_Assignment" ("attemptsAllowed", "classId", "createdAt", "dueAt", "feedbackPolicy", "id", "lessonId", "opensAt", "questionCount", "timeLimitSeconds", "title", "updatedAt") SELECT "attemptsAllowed", "classId", "createdAt", "dueAt", "feedbackPolicy", "id", "lessonId", "opensAt", "questionCount", "timeLimitSeconds", "title", "createdAt" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_classId_idx" ON "Assignment"("classId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
