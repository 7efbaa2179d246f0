-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "allowMethodOverride" BOOLEAN NOT NULL DEFAULT false;
