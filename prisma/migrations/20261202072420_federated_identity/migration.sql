-- CreateTable
CREATE TABLE "FederatedIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "providerId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT,
    "linkedBy" TEXT,
    "linkedAt" DATETIME,
    "lastSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FederatedIdentity_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "IdentityProvider" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FederatedIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FederatedIdentity_userId_idx" ON "FederatedIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "FederatedIdentity_providerId_subject_key" ON "FederatedIdentity"("providerId", "subject");

-- Users a provider provisioned keep signing in through it: their identity is linked to them.
-- Local users matched by username before are not linked: an admin links them explicitly.
INSERT INTO "FederatedIdentity" ("id", "providerId", "subject", "userId", "linkedBy", "linkedAt")
SELECT lower(hex(randomblob(12))), p."id", u."username", u."id", 'provisioning', CURRENT_TIMESTAMP
FROM "User" u JOIN "IdentityProvider" p ON u."source" = 'idp:' || p."name";
