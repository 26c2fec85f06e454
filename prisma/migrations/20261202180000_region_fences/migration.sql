-- Fencing after a forced failover: the old region's copy of the application is scaled to 0 and
-- marked standby when that region answers again, before anything else touches the application.
CREATE TABLE "RegionFence" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "requiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fencedAt" TIMESTAMP(3),
    "stopped" JSONB,
    "lastError" TEXT,
    "lastTriedAt" TIMESTAMP(3),
    "applicationId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    CONSTRAINT "RegionFence_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RegionFence_applicationId_idx" ON "RegionFence"("applicationId");
CREATE INDEX "RegionFence_fencedAt_idx" ON "RegionFence"("fencedAt");

ALTER TABLE "RegionFence" ADD CONSTRAINT "RegionFence_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RegionFence" ADD CONSTRAINT "RegionFence_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RegionFence" ADD CONSTRAINT "RegionFence_runId_fkey" FOREIGN KEY ("runId") REFERENCES "FailoverRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
