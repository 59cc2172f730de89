-- CreateIndex
CREATE INDEX "User_updatedAt_idx" ON "User"("updatedAt");

-- CreateIndex
CREATE INDEX "Enrolment_classId_createdAt_idx" ON "Enrolment"("classId", "createdAt");
