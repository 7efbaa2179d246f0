-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "securitySchemes" JSONB;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "dpopRequired" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "RefreshTokenFamily" ADD COLUMN     "dpopJkt" TEXT;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "keyType" "KeyType" NOT NULL DEFAULT 'PRODUCTION',
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "allowedIps" JSONB NOT NULL DEFAULT '[]',
    "allowedReferrers" JSONB NOT NULL DEFAULT '[]',
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_applicationId_idx" ON "ApiKey"("applicationId");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
