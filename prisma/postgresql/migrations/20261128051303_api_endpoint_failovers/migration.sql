-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "productionFailovers" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "sandboxFailovers" JSONB NOT NULL DEFAULT '[]';
