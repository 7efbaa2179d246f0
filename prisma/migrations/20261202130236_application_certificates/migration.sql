-- AlterTable
ALTER TABLE "RefreshTokenFamily" ADD COLUMN "certThumbprint" TEXT;

-- CreateTable
CREATE TABLE "ApplicationCertificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApplicationCertificate_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApplicationCertificate_thumbprint_idx" ON "ApplicationCertificate"("thumbprint");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationCertificate_applicationId_thumbprint_key" ON "ApplicationCertificate"("applicationId", "thumbprint");
