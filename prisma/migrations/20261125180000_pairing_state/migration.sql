-- The last pairing check of each application's namespaces.
ALTER TABLE "Application" ADD COLUMN "pairingState" TEXT,
    ADD COLUMN "pairingCheckedAt" TIMESTAMP(3);
