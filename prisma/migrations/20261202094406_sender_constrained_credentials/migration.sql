-- AlterTable
ALTER TABLE "Api" ADD COLUMN "securitySchemes" JSONB;

-- AlterTable
ALTER TABLE "RefreshTokenFamily" ADD COLUMN "dpopJkt" TEXT;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "keyType" TEXT NOT NULL DEFAULT 'PRODUCTION',
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "allowedIps" JSONB NOT NULL DEFAULT '[]',
    "allowedReferrers" JSONB NOT NULL DEFAULT '[]',
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiKey_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "ownerId" TEXT NOT NULL,
    "tokenType" TEXT NOT NULL DEFAULT 'JWT',
    "defaultValidity" INTEGER NOT NULL DEFAULT 3600,
    "throttlingTierId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "dpopRequired" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Application_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Application_throttlingTierId_fkey" FOREIGN KEY ("throttlingTierId") REFERENCES "ThrottlingTier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Application" ("createdAt", "defaultValidity", "description", "id", "name", "ownerId", "status", "throttlingTierId", "tokenType", "updatedAt") SELECT "createdAt", "defaultValidity", "description", "id", "name", "ownerId", "status", "throttlingTierId", "tokenType", "updatedAt" FROM "Application";
DROP TABLE "Application";
ALTER TABLE "new_Application" RENAME TO "Application";
CREATE UNIQUE INDEX "Application_ownerId_name_key" ON "Application"("ownerId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_applicationId_idx" ON "ApiKey"("applicationId");
