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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Api_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Api_throttlingTierId_fkey" FOREIGN KEY ("throttlingTierId") REFERENCES "ThrottlingTier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Api" ("allowMethodOverride", "backendJwt", "context", "cors", "createdAt", "description", "forwardAuthorization", "id", "isDefaultVersion", "loadBalance", "name", "openApi", "ownerId", "productionEndpoint", "productionFailovers", "sandboxEndpoint", "sandboxFailovers", "securitySchemes", "state", "tags", "throttlingTierId", "transports", "updatedAt", "version", "visibility", "visibleRoles") SELECT "allowMethodOverride", "backendJwt", "context", "cors", "createdAt", "description", "forwardAuthorization", "id", "isDefaultVersion", "loadBalance", "name", "openApi", "ownerId", "productionEndpoint", "productionFailovers", "sandboxEndpoint", "sandboxFailovers", "securitySchemes", "state", "tags", "throttlingTierId", "transports", "updatedAt", "version", "visibility", "visibleRoles" FROM "Api";
DROP TABLE "Api";
ALTER TABLE "new_Api" RENAME TO "Api";
CREATE INDEX "Api_state_idx" ON "Api"("state");
CREATE UNIQUE INDEX "Api_context_version_key" ON "Api"("context", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
