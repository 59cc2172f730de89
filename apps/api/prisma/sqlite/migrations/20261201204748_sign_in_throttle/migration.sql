-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "blockedUntil" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
