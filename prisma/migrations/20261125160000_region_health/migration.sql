-- The last health check of each region's cluster API and Cinder.
ALTER TABLE "Region" ADD COLUMN "healthCheckedAt" TIMESTAMP(3),
    ADD COLUMN "clusterUp" BOOLEAN,
    ADD COLUMN "clusterLatencyMs" INTEGER,
    ADD COLUMN "storageUp" BOOLEAN,
    ADD COLUMN "storageLatencyMs" INTEGER,
    ADD COLUMN "healthError" TEXT;
