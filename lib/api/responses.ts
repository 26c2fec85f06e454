import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { DR_CONDITIONS, DR_PHASES } from "@/lib/failover/dr-state";
import {
  ApplicationStatus,
  DrSyncStatus,
  DrSyncTrigger,
  NamespaceRole,
  NamespaceStatus,
  OrderKind,
  OrderStatus,
  Profile,
  QuotaSize,
  RunKind,
  RunMode,
  RunStatus,
  StepStatus,
} from "@/lib/generated/prisma/enums";

// What /api/v1 answers, as zod schemas: the routes are typed by them (a route cannot return a
// shape its schema does not describe), and the OpenAPI document is generated from them, so the
// document a pipeline's client is generated from is the answer it gets.

const time = z.iso.datetime({ offset: true }).describe("ISO 8601, UTC");
const nullableTime = time.nullable();
const region = z.string().describe("A region's name, e.g. europe-west");

export const ErrorBody = z
  .object({
    error: z.string().describe("What went wrong and what to do, in a sentence a person can read"),
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional().describe("For code invalid: each field that needs attention, with why"),
  });

const nextCursor = z.string().nullable().describe("Pass it as cursor to get the next page; null on the last page");

export const ApplicationList = z.object({
  applications: z.array(z.object({ name: z.string(), profile: z.enum(Profile), status: z.enum(ApplicationStatus), activeRegion: region.nullable(), costCenter: z.string() })),
  nextCursor,
});

const DrConditionBody = z.object({ status: z.boolean(), reason: z.string(), since: time.describe("When status last changed") });

export const DrStateBody = z
  .object({
    phase: z.enum(DR_PHASES),
    phaseSince: time.describe("When phase last changed"),
    detail: z.string().describe("Why the application is in this phase, in a sentence"),
    conditions: z.object(Object.fromEntries(DR_CONDITIONS.map((name) => [name, DrConditionBody])) as Record<(typeof DR_CONDITIONS)[number], typeof DrConditionBody>),
    activeRegion: region,
    standbyRegion: region,
    lastDrillAt: nullableTime,
    lastSyncAt: nullableTime,
    checkedAt: time,
  })
  .meta({ description: "A DR application's phase and conditions, each with when it last changed (Ramen's DRPlacementControl, in the portal's words)" });

export const FenceBody = z
  .object({
    region,
    namespace: z.string(),
    runId: z.string(),
    requiredAt: time,
    fencedAt: nullableTime.describe("null while the old region may still serve: nothing else runs for the application until it is fenced"),
    stopped: z.array(z.object({ kind: z.string(), name: z.string(), from: z.number().int().describe("Its replicas before the fence") })),
    lastError: z.string().nullable(),
  })
  .meta({ description: "After a forced failover: the old region that must be (or was) scaled to 0 before anything else touches the application" });

export const ApplicationBody = z.object({
  name: z.string(),
  profile: z.enum(Profile),
  status: z.enum(ApplicationStatus),
  activeRegion: region.nullable(),
  costCenter: z.string(),
  quotaSize: z.enum(QuotaSize),
  namespaces: z.array(z.object({ name: z.string(), region, role: z.enum(NamespaceRole), status: z.enum(NamespaceStatus), error: z.string().nullable() })),
  provisioningError: z.string().nullable().describe("Why provisioning, a change or a retirement has not finished, one line a namespace"),
  drState: DrStateBody.nullable().describe("DR applications, once the health check has looked at them"),
  fence: FenceBody.nullable(),
  usersReach: z
    .object({
      globalName: z.string().describe("The address users reach, e.g. books.apps.example.com"),
      resolvesTo: z.string().nullable().describe("What the authoritative DNS server answers for it now"),
      regions: z.array(region).describe("The regions whose routers that answer names"),
      ttlSeconds: z.number().int().describe("How long a client may keep an older answer"),
      error: z.string().nullable().describe("Why the DNS server could not be asked, when it could not"),
    })
    .nullable()
    .describe("null when the portal changes no DNS (no traffic configuration)"),
  pendingOrder: z.object({ id: z.string(), kind: z.enum(OrderKind), status: z.enum(OrderStatus), error: z.string().nullable(), message: z.string() }).nullable(),
  runs: z.array(z.object({ id: z.string(), kind: z.enum(RunKind), status: z.enum(RunStatus), from: region, to: region, createdAt: time, rtoSeconds: z.number().nullable() })),
});

export const OrderList = z.object({
  orders: z.array(z.object({ id: z.string(), kind: z.enum(OrderKind), applicationName: z.string(), profile: z.enum(Profile), status: z.enum(OrderStatus), costCenter: z.string(), createdAt: time })),
  nextCursor,
});

export const SubmittedOrder = z.object({ id: z.string(), applicationName: z.string(), status: z.enum(OrderStatus), estimatedMonthlyCost: z.number().int().describe("Whole currency units a month") });

export const DecidedOrder = z.object({ id: z.string(), status: z.enum(OrderStatus) });

export const StartedRun = z.object({ id: z.string(), url: z.string().describe("Poll it: GET it until status is SUCCEEDED, WAITING or ABORTED") });

const RunStepBody = z.object({
  name: z.string(),
  title: z.string(),
  purpose: z.string(),
  status: z.enum(StepStatus),
  attempts: z.number().int(),
  startedAt: nullableTime,
  finishedAt: nullableTime,
  output: z.unknown().describe("What the step recorded: names, counts and ids"),
  error: z.string().nullable(),
});

export const RunBody = z.object({
  id: z.string(),
  kind: z.enum(RunKind),
  mode: z.enum(RunMode),
  status: z.enum(RunStatus).describe("WAITING: stopped at a failed step for a person (or a pipeline) to retry or abort"),
  reason: z.string(),
  application: z.string(),
  from: z.object({ name: region, displayName: z.string() }),
  to: z.object({ name: region, displayName: z.string() }),
  startedBy: z.string(),
  createdAt: time,
  startedAt: nullableTime,
  finishedAt: nullableTime,
  currentStep: z.string().nullable(),
  error: z.string().nullable(),
  rtoSeconds: z.number().nullable(),
  dataPointAt: nullableTime.describe("The newest write the target region has: the recovery point"),
  regionFailoverId: z.string().nullable(),
  steps: z.array(RunStepBody),
  next: z.object({ retry: z.boolean(), abort: z.boolean(), abortBlocked: z.string().nullable() }).nullable(),
  waits: z.array(z.object({ step: z.string(), stoppedAt: time, resumedAt: nullableTime })).describe("Each time the run stood stopped at a failed step for a person, until the retry; the RTO includes these"),
  actions: z.object({ retry: z.string().optional(), abort: z.string().optional() }).nullable().describe("A WAITING run: the urls of what the token's user may do about it"),
});

export const RequeuedRun = z.object({ id: z.string(), status: z.literal("PENDING"), rollingBack: z.boolean().optional(), url: z.string() });

export const QueuedSync = z.object({ id: z.string(), status: z.enum(DrSyncStatus), alreadyPending: z.boolean(), url: z.string() });

export const ChangeOrder = z.object({
  id: z.string(),
  kind: z.enum(OrderKind),
  status: z.enum(OrderStatus),
  quotaSize: z.enum(QuotaSize),
  addRegions: z.array(region),
  estimatedMonthlyCost: z.number().int(),
  changeFrom: z.object({ quotaSize: z.enum(QuotaSize), regions: z.array(region), estimatedMonthlyCost: z.number().int() }).nullable().describe("The application before the change"),
});

export const DriftBody = z.object({
  active: z.object({ region, namespace: z.string() }),
  passive: z.object({ region, namespace: z.string() }),
  checkedAt: time,
  inSync: z.boolean(),
  drift: z.array(z.object({ kind: z.string(), name: z.string(), change: z.enum(["added", "changed", "removed"]).describe("added: only in the active namespace; changed: in both, different; removed: only in the passive one") })),
  skipped: z.array(z.object({ kind: z.string(), name: z.string(), reason: z.string() })).describe("What a sync does not carry, and why"),
  syncs: z.array(
    z.object({ id: z.string(), status: z.enum(DrSyncStatus), trigger: z.enum(DrSyncTrigger), createdAt: time, finishedAt: nullableTime, changes: z.unknown(), error: z.string().nullable() }),
  ),
});
