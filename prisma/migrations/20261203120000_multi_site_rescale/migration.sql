-- A region failover takes in multi-site applications (re-scaled in the surviving regions, put back
-- by a rebalance) and lists the single-site applications that are down with the region.
CREATE TYPE "RescaleStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'PARTIAL', 'FAILED', 'REBALANCING', 'REBALANCED');

ALTER TABLE "RegionFailover" ADD COLUMN "down" JSONB NOT NULL DEFAULT '[]';

CREATE TABLE "MultiSiteRescale" (
    "id" TEXT NOT NULL,
    "status" "RescaleStatus" NOT NULL DEFAULT 'QUEUED',
    "plan" JSONB,
    "shortfalls" JSONB NOT NULL DEFAULT '[]',
    "traffic" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "rebalanceAskedAt" TIMESTAMP(3),
    "rebalancedAt" TIMESTAMP(3),
    "regionFailoverId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,

    CONSTRAINT "MultiSiteRescale_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MultiSiteRescale_regionFailoverId_applicationId_key" ON "MultiSiteRescale"("regionFailoverId", "applicationId");
CREATE INDEX "MultiSiteRescale_applicationId_idx" ON "MultiSiteRescale"("applicationId");

ALTER TABLE "MultiSiteRescale" ADD CONSTRAINT "MultiSiteRescale_regionFailoverId_fkey" FOREIGN KEY ("regionFailoverId") REFERENCES "RegionFailover"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "MultiSiteRescale" ADD CONSTRAINT "MultiSiteRescale_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
