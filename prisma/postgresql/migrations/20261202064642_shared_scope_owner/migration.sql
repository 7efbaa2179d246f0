-- AlterTable
ALTER TABLE "Scope" ADD COLUMN     "ownerId" TEXT,
ADD COLUMN     "public" BOOLEAN NOT NULL DEFAULT false;

-- AddForeignKey
ALTER TABLE "Scope" ADD CONSTRAINT "Scope_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
