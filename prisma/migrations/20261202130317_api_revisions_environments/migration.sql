-- CreateTable
CREATE TABLE "ApiRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiRevision_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GatewayEnvironment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "httpsUrl" TEXT,
    "httpUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiDeployment" (
    "apiId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "deployedBy" TEXT,
    "deployedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("apiId", "environmentId"),
    CONSTRAINT "ApiDeployment_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiDeployment_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "GatewayEnvironment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiDeployment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "ApiRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Api" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'CREATED',
    "visibility" TEXT NOT NULL DEFAULT 'PUBLIC',
    "visibleRoles" JSONB NOT NULL DEFAULT '[]',
    "transports" JSONB NOT NULL DEFAULT '["https"]',
    "productionEndpoint" TEXT,
    "sandboxEndpoint" TEXT,
    "productionFailovers" JSONB NOT NULL DEFAULT '[]',
    "sandboxFailovers" JSONB NOT NULL DEFAULT '[]',
    "loadBalance" BOOLEAN NOT NULL DEFAULT false,
    "isDefaultVersion" BOOLEAN NOT NULL DEFAULT false,
    "cors" JSONB NOT NULL DEFAULT '{"enabled":false}',
    "backendJwt" JSONB NOT NULL DEFAULT '{"enabled":false}',
    "forwardAuthorization" BOOLEAN NOT NULL DEFAULT false,
    "allowMethodOverride" BOOLEAN NOT NULL DEFAULT false,
    "securitySchemes" JSONB,
    "gatewayPolicies" JSONB NOT NULL DEFAULT '[]',
    "openApi" TEXT,
    "throttlingTierId" TEXT,
    "ownerId" TEXT,
    "lastRevisionNumber" INTEGER NOT NULL DEFAULT 0,
    "servesRevisions" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Api_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Api_throttlingTierId_fkey" FOREIGN KEY ("throttlingTierId") REFERENCES "ThrottlingTier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Api" ("allowMethodOverride", "backendJwt", "context", "cors", "createdAt", "description", "forwardAuthorization", "gatewayPolicies", "id", "isDefaultVersion", "loadBalance", "name", "openApi", "ownerId", "productionEndpoint", "productionFailovers", "sandboxEndpoint", "sandboxFailovers", "securitySchemes", "state", "tags", "throttlingTierId", "transports", "updatedAt", "version", "visibility", "visibleRoles") SELECT "allowMethodOverride", "backendJwt", "context", "cors", "createdAt", "description", "forwardAuthorization", "gatewayPolicies", "id", "isDefaultVersion", "loadBalance", "name", "openApi", "ownerId", "productionEndpoint", "productionFailovers", "sandboxEndpoint", "sandboxFailovers", "securitySchemes", "state", "tags", "throttlingTierId", "transports", "updatedAt", "version", "visibility", "visibleRoles" FROM "Api";
DROP TABLE "Api";
ALTER TABLE "new_Api" RENAME TO "Api";
CREATE INDEX "Api_state_idx" ON "Api"("state");
CREATE UNIQUE INDEX "Api_context_version_key" ON "Api"("context", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ApiRevision_apiId_number_key" ON "ApiRevision"("apiId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayEnvironment_name_key" ON "GatewayEnvironment"("name");

-- CreateIndex
CREATE INDEX "ApiDeployment_environmentId_idx" ON "ApiDeployment"("environmentId");

-- The environment every gateway joins unless PORTICO_GATEWAY_ENVIRONMENT names another; its URLs
-- are the gateway settings' until an admin sets them.
INSERT INTO "GatewayEnvironment" ("id", "name", "displayName", "createdAt", "updatedAt") VALUES ('default', 'default', 'Default', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
