-- The runs list, newest first across every application, reads an index backwards instead of
-- sorting every run (100,000 runs: a sequential scan and a sort for each page).
CREATE INDEX "FailoverRun_createdAt_idx" ON "FailoverRun"("createdAt");
