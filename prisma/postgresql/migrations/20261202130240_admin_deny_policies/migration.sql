-- CreateTable
CREATE TABLE "DenyPolicy" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT,
    "username" TEXT,
    "ipRange" TEXT,
    "apiId" TEXT,
    "reason" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DenyPolicy_pkey" PRIMARY KEY ("id")
);
