-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "loadBalance" BOOLEAN NOT NULL DEFAULT false;
