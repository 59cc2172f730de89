-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing assignments were last edited no later than they were created, as far as anyone knows.
UPDATE "Assignment" SET "updatedAt" = "createdAt";
