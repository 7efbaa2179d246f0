-- AlterTable
ALTER TABLE "Api" ADD COLUMN     "forwardAuthorization" BOOLEAN NOT NULL DEFAULT false;

-- The setting used to live in the backendJwt JSON: carry it over.
UPDATE "Api" SET "forwardAuthorization" = true WHERE "backendJwt"->>'forwardAuthorization' = 'true';
