-- Failed sign-ins and bad API tokens by address, shared by every replica, so an address gets the
-- same limit however many replicas sit behind the router. Rows older than the window are deleted.
CREATE TABLE "FailedAttempt" (
    "id" BIGSERIAL NOT NULL,
    "address" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reported" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "FailedAttempt_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "FailedAttempt_address_at_idx" ON "FailedAttempt"("address", "at");
CREATE INDEX "FailedAttempt_at_idx" ON "FailedAttempt"("at");
