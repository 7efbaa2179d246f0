-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "lastRevisionNumber" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "servesRevisions" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ApiRevision" (
    "id" TEXT NOT NULL,
    "apiId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayEnvironment" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "httpsUrl" TEXT,
    "httpUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GatewayEnvironment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiDeployment" (
    "apiId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "deployedBy" TEXT,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiDeployment_pkey" PRIMARY KEY ("apiId","environmentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiRevision_apiId_number_key" ON "ApiRevision"("apiId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayEnvironment_name_key" ON "GatewayEnvironment"("name");

-- CreateIndex
CREATE INDEX "ApiDeployment_environmentId_idx" ON "ApiDeployment"("environmentId");

-- AddForeignKey
ALTER TABLE "ApiRevision" ADD CONSTRAINT "ApiRevision_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "GatewayEnvironment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiDeployment" ADD CONSTRAINT "ApiDeployment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ApiRevision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The environment every gateway joins unless PORTICO_GATEWAY_ENVIRONMENT names another; its URLs
-- are the gateway settings' until an admin sets them.
INSERT INTO "GatewayEnvironment" ("id", "name", "displayName", "createdAt", "updatedAt") VALUES ('default', 'default', 'Default', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
