-- DR sync: a schedule per application and the history of syncs.
ALTER TABLE "Application" ADD COLUMN "syncIntervalMinutes" INTEGER;

CREATE TYPE "DrSyncStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');
CREATE TYPE "DrSyncTrigger" AS ENUM ('SCHEDULE', 'PAGE', 'API');

CREATE TABLE "DrSync" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "status" "DrSyncStatus" NOT NULL DEFAULT 'QUEUED',
    "trigger" "DrSyncTrigger" NOT NULL,
    "fromRegion" TEXT,
    "toRegion" TEXT,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "skipped" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "DrSync_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DrSync_applicationId_createdAt_idx" ON "DrSync"("applicationId", "createdAt");
ALTER TABLE "DrSync" ADD CONSTRAINT "DrSync_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DrSync" ADD CONSTRAINT "DrSync_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
