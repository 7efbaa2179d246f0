-- AlterTable
ALTER TABLE "KeyManager" ADD COLUMN     "offersRegistration" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "registrationEndpoint" TEXT,
ADD COLUMN     "registrationTokenEnc" TEXT,
ADD COLUMN     "tokenValidation" TEXT NOT NULL DEFAULT 'JWKS';
