-- AlterTable
ALTER TABLE "RefreshTokenFamily" ADD COLUMN     "certThumbprint" TEXT;

-- CreateTable
CREATE TABLE "ApplicationCertificate" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplicationCertificate_thumbprint_idx" ON "ApplicationCertificate"("thumbprint");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationCertificate_applicationId_thumbprint_key" ON "ApplicationCertificate"("applicationId", "thumbprint");

-- AddForeignKey
ALTER TABLE "ApplicationCertificate" ADD CONSTRAINT "ApplicationCertificate_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
