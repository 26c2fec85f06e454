-- Retiring an application: its volumes as listed when asked, and the approver's choice for them.
ALTER TABLE "Order" ADD COLUMN "retireVolumes" JSONB,
    ADD COLUMN "volumeDisposition" TEXT;
