-- One record's history (an order's, or a run's stops and retries, read each time the run page
-- refreshes) by target, not by scanning every event of that action.
CREATE INDEX "AuditEvent_targetType_targetId_at_idx" ON "AuditEvent"("targetType", "targetId", "at");
