-- A fencing token for the run's lease: every claim increments it, and every write of the run
-- checks it, so a replica that paused past its lease and was replaced writes nothing more.
ALTER TABLE "FailoverRun" ADD COLUMN "leaseEpoch" INTEGER NOT NULL DEFAULT 0;
