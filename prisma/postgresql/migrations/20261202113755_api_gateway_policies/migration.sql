-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "gatewayPolicies" JSONB NOT NULL DEFAULT '[]';
