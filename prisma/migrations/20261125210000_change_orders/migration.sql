-- Changing an application after the fact (more regions, another quota size) as an order of its own.
ALTER TABLE "Order" ADD COLUMN "changeFrom" JSONB,
    ADD COLUMN "lastError" TEXT;
