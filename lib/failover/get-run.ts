import { can } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import type { Prisma, RunKind, RunMode, RunStatus, StepStatus } from "@/lib/generated/prisma/client";
import { fetchPage, type PageQuery } from "@/lib/lists/page-query";
import { sortKey, type ListOrder, type SortDirection } from "@/lib/lists/seek";
import { abortBlockedReason } from "./abort-run";
import { stepDefinition } from "./step-registry";

// A run as the run page and the API show it: plain JSON, dates as ISO strings, nothing secret
// (step outputs hold names, counts and ids; transfer keys live only in RunTransfer, sealed).

export interface RunStepView {
  name: string;
  title: string;
  purpose: string;
  status: StepStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  output: unknown;
  error: string | null;
}

export interface RunView {
  id: string;
  kind: RunKind;
  mode: RunMode;
  status: RunStatus;
  reason: string;
  application: string;
  from: { name: string; displayName: string };
  to: { name: string; displayName: string };
  startedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  currentStep: string | null;
  error: string | null;
  rtoSeconds: number | null;
  dataPointAt: string | null;
  regionFailoverId: string | null;
  steps: RunStepView[];
  /** When stopped at a failed step: what the person may do next. */
  next: { retry: boolean; abort: boolean; abortBlocked: string | null } | null;
  /**
   * The times the run stood stopped for a person (from the step's failure to the retry), read from
   * its audit events: an RTO that includes them says so. The last one has no end while it waits.
   */
  waits: Array<{ step: string; stoppedAt: string; resumedAt: string | null }>;
}

/** The stops of a run and their retries, in the order they happened, as the audit log has them. */
export function waitsOf(events: Array<{ action: string; at: Date; after: unknown }>): RunView["waits"] {
  const waits: RunView["waits"] = [];
  for (const event of events) {
    const step = (event.after as { step?: unknown } | null)?.step;
    if (event.action === "run.step_failed") waits.push({ step: typeof step === "string" ? step : "", stoppedAt: event.at.toISOString(), resumedAt: null });
    else if (event.action === "run.resumed" && waits.at(-1) && !waits.at(-1)!.resumedAt) waits.at(-1)!.resumedAt = event.at.toISOString();
  }
  return waits;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function getRunFor(db: Db, runId: string, viewer: Pick<CurrentUser, "id" | "role">): Promise<RunView | null> {
  const run = await db.failoverRun.findUnique({
    where: { id: runId },
    include: { application: { select: { name: true, ownerId: true } }, fromRegion: true, toRegion: true, startedBy: { select: { email: true } }, steps: { orderBy: { position: "asc" } } },
  });
  if (!run) return null;
  if (run.application.ownerId !== viewer.id && !can(viewer.role, "application:read-all")) return null;
  const stopped = run.status === "WAITING";
  const stops = await db.auditEvent.findMany({ where: { targetType: "run", targetId: run.id, action: { in: ["run.step_failed", "run.resumed"] } }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { action: true, at: true, after: true } });
  return {
    id: run.id,
    kind: run.kind,
    mode: run.mode,
    status: run.status,
    reason: run.reason,
    application: run.application.name,
    from: { name: run.fromRegion.name, displayName: run.fromRegion.displayName },
    to: { name: run.toRegion.name, displayName: run.toRegion.displayName },
    startedBy: run.startedBy.email,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    currentStep: run.currentStep,
    error: run.error,
    rtoSeconds: run.rtoSeconds,
    dataPointAt: iso(run.dataPointAt),
    regionFailoverId: run.regionFailoverId,
    steps: run.steps.map((step) => ({
      name: step.name,
      title: stepDefinition(run.kind, step.name)?.title ?? step.name,
      purpose: stepDefinition(run.kind, step.name)?.purpose ?? "",
      status: step.status,
      attempts: step.attempts,
      startedAt: iso(step.startedAt),
      finishedAt: iso(step.finishedAt),
      output: step.output,
      error: step.error,
    })),
    next: stopped ? await nextActions(db, run) : null,
    waits: waitsOf(stops),
  };
}

async function nextActions(db: Db, run: { id: string; kind: string; toRegion: { name: string } }) {
  const abortBlocked = await abortBlockedReason(db, run);
  return { retry: true, abort: abortBlocked === null, abortBlocked };
}

/** The runs of an application, newest first, for its page and its RTO chart. */
export async function runsOfApplication(db: Db, applicationId: string, take = 50) {
  return db.failoverRun.findMany({
    where: { applicationId },
    orderBy: { createdAt: "desc" },
    take,
    include: { fromRegion: true, toRegion: true },
  });
}

export const RUN_SORTS = ["started", "application", "status", "rto"] as const;
export type RunSort = (typeof RUN_SORTS)[number];

// Each sort's keys, ties broken newest first and then by id.
const newestFirst = [sortKey("createdAt", "desc", "date"), sortKey("id", "asc", "string")];
export const RUN_ORDER: Record<RunSort, (dir: SortDirection) => ListOrder> = {
  started: (dir) => [sortKey("createdAt", dir, "date"), sortKey("id", "asc", "string")],
  application: (dir) => [sortKey("application.name", dir, "string"), ...newestFirst],
  status: (dir) => [sortKey("status", dir, "enum"), ...newestFirst],
  // Runs still going have no RTO yet: they come last either way.
  rto: (dir) => [sortKey("rtoSeconds", dir, "number", { nullable: true }), ...newestFirst],
};

export interface RunFilters {
  kind?: RunKind;
  status?: RunStatus;
}

/** A page of runs the viewer may see (owners: their applications'), searched by application, newest first unless sorted. */
export function listRunsFor(db: Db, viewer: Pick<CurrentUser, "id" | "role">, filters: RunFilters, query: PageQuery<RunSort>) {
  // One application filter: whose runs the viewer may see, and the search by name.
  const application: Prisma.ApplicationWhereInput = {
    ...(can(viewer.role, "application:read-all") ? {} : { ownerId: viewer.id }),
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}),
  };
  const where: Prisma.FailoverRunWhereInput = {
    // No condition on the application at all when there is none to make: a join the planner need not do.
    ...(Object.keys(application).length ? { application } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  return fetchPage(
    query,
    RUN_ORDER[query.sort](query.dir),
    ({ seek, orderBy, skip, take }) =>
      db.failoverRun.findMany({ where: { AND: [where, seek] }, orderBy, skip, take, include: { application: { select: { name: true } }, fromRegion: true, toRegion: true, startedBy: { select: { email: true } } } }),
    (atMost) => db.failoverRun.count({ where, take: atMost }),
  );
}
