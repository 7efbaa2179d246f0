-- CreateTable
CREATE TABLE "DenyPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT,
    "username" TEXT,
    "ipRange" TEXT,
    "apiId" TEXT,
    "reason" TEXT,
    "expiresAt" DATETIME,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
