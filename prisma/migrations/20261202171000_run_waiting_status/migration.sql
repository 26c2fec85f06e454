-- A run stopped at a failed step is not a final failure: it waits for a person (or a pipeline)
-- to retry or abort it. The status says so; existing stopped runs keep their place.
ALTER TYPE "RunStatus" RENAME VALUE 'FAILED' TO 'WAITING';
