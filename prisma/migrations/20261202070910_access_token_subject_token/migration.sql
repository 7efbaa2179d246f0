-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN "subjectTokenId" TEXT;

-- CreateIndex
CREATE INDEX "AccessToken_subjectTokenId_idx" ON "AccessToken"("subjectTokenId");
