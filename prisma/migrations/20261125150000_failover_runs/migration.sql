-- Failover runs: execution lease, options, region failovers, Cinder transfers, exports.
ALTER TABLE "FailoverRun" ADD COLUMN "options" JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN "leaseOwner" TEXT,
    ADD COLUMN "leaseUntil" TIMESTAMP(3),
    ADD COLUMN "regionFailoverId" TEXT;

CREATE TABLE "RegionFailover" (
    "id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "mode" "RunMode" NOT NULL DEFAULT 'NORMAL',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "skipped" JSONB NOT NULL DEFAULT '[]',
    "regionId" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    CONSTRAINT "RegionFailover_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "RunTransfer" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "volumeId" TEXT NOT NULL,
    "transferId" TEXT NOT NULL,
    "sealedAuthKey" TEXT,
    "acceptedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunTransfer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApplicationExport" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "objects" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApplicationExport_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "FailoverRun_status_leaseUntil_idx" ON "FailoverRun"("status", "leaseUntil");
CREATE INDEX "FailoverRun_regionFailoverId_idx" ON "FailoverRun"("regionFailoverId");
CREATE INDEX "RegionFailover_createdAt_idx" ON "RegionFailover"("createdAt");
CREATE UNIQUE INDEX "RunTransfer_runId_volumeId_key" ON "RunTransfer"("runId", "volumeId");
CREATE UNIQUE INDEX "ApplicationExport_runId_key" ON "ApplicationExport"("runId");
CREATE INDEX "ApplicationExport_applicationId_createdAt_idx" ON "ApplicationExport"("applicationId", "createdAt");

ALTER TABLE "FailoverRun" ADD CONSTRAINT "FailoverRun_regionFailoverId_fkey" FOREIGN KEY ("regionFailoverId") REFERENCES "RegionFailover"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "RegionFailover" ADD CONSTRAINT "RegionFailover_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RegionFailover" ADD CONSTRAINT "RegionFailover_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "RunTransfer" ADD CONSTRAINT "RunTransfer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "FailoverRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApplicationExport" ADD CONSTRAINT "ApplicationExport_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ApplicationExport" ADD CONSTRAINT "ApplicationExport_runId_fkey" FOREIGN KEY ("runId") REFERENCES "FailoverRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApplicationExport" ADD CONSTRAINT "ApplicationExport_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
