-- The DR state of a DR application: its phase and conditions, each with when it last changed.
ALTER TABLE "Application" ADD COLUMN "drState" JSONB;
