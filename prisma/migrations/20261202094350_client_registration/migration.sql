-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN "registrationMetadata" JSONB;
ALTER TABLE "OAuthClient" ADD COLUMN "registrationTokenHash" TEXT;

-- CreateTable
CREATE TABLE "InitialAccessToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "description" TEXT,
    "createdById" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "remainingUses" INTEGER,
    "usedCount" INTEGER NOT NULL DEFAULT 0,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "InitialAccessToken_tokenHash_key" ON "InitialAccessToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthClient_registrationTokenHash_key" ON "OAuthClient"("registrationTokenHash");
