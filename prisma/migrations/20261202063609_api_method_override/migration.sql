-- AlterTable
-- Written as ADD COLUMN rather than the engine's table redefinition: the same result, and a
-- migration written meanwhile that redefines "Api" keeps its own columns.
ALTER TABLE "Api" ADD COLUMN "allowMethodOverride" BOOLEAN NOT NULL DEFAULT false;
