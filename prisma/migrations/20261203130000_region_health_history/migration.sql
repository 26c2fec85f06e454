-- Region health over time (a week of samples) for the Regions page, and who turned a region off.
ALTER TABLE "Region" ADD COLUMN "disabledReason" TEXT;

CREATE TABLE "RegionHealthSample" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clusterUp" BOOLEAN NOT NULL,
    "clusterLatencyMs" INTEGER,
    "storageUp" BOOLEAN NOT NULL,
    "storageLatencyMs" INTEGER,
    "regionId" TEXT NOT NULL,

    CONSTRAINT "RegionHealthSample_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RegionHealthSample_regionId_at_idx" ON "RegionHealthSample"("regionId", "at");
CREATE INDEX "RegionHealthSample_at_idx" ON "RegionHealthSample"("at");

ALTER TABLE "RegionHealthSample" ADD CONSTRAINT "RegionHealthSample_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE CASCADE ON UPDATE CASCADE;
