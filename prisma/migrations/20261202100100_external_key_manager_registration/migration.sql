-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_KeyManager" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "discoveryUrl" TEXT,
    "jwksUri" TEXT,
    "tokenEndpoint" TEXT,
    "introspectionEndpoint" TEXT,
    "clientId" TEXT,
    "clientSecretEnc" TEXT,
    "claimMappings" JSONB NOT NULL DEFAULT '{}',
    "tokenValidation" TEXT NOT NULL DEFAULT 'JWKS',
    "registrationEndpoint" TEXT,
    "offersRegistration" BOOLEAN NOT NULL DEFAULT false,
    "registrationTokenEnc" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_KeyManager" ("claimMappings", "clientId", "clientSecretEnc", "createdAt", "discoveryUrl", "enabled", "id", "introspectionEndpoint", "issuer", "jwksUri", "name", "tokenEndpoint", "type", "updatedAt") SELECT "claimMappings", "clientId", "clientSecretEnc", "createdAt", "discoveryUrl", "enabled", "id", "introspectionEndpoint", "issuer", "jwksUri", "name", "tokenEndpoint", "type", "updatedAt" FROM "KeyManager";
DROP TABLE "KeyManager";
ALTER TABLE "new_KeyManager" RENAME TO "KeyManager";
CREATE UNIQUE INDEX "KeyManager_name_key" ON "KeyManager"("name");
CREATE UNIQUE INDEX "KeyManager_issuer_key" ON "KeyManager"("issuer");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
