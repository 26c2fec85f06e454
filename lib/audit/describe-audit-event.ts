// An audit event as a sentence an auditor reads without knowing the portal's action names:
// "oscar@example.com started a failover of books from europe-west to europe-east: “region lost”".
// The stored JSON stays the proof; the sentence is how it is read (and what the CSV carries beside it).

export interface DescribableEvent {
  action: string;
  actorLabel: string;
  targetType: string;
  application?: { name: string } | null;
  before?: unknown;
  after?: unknown;
}

type Fields = Record<string, unknown>;

const fieldsOf = (value: unknown): Fields => (value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {});
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null);
const quoted = (value: unknown) => (text(value) ? `: “${text(value)}”` : "");
const RUN_KIND: Record<string, string> = { FAILOVER: "a failover", FAILBACK: "a failback", DRILL: "a DR drill" };
const ROLE: Record<string, string> = { OWNER: "application owner", APPROVER: "platform team (approver)", ONCALL: "on-call engineer", ADMIN: "administrator" };

/** What happened, after the actor's name. `app` is the application's name or "an application". */
const PHRASES: Record<string, (e: { app: string; before: Fields; after: Fields }) => string> = {
  "order.submitted": ({ app }) => `ordered ${app}`,
  "order.approved": ({ app, after }) => `approved the order for ${app}${quoted(after.note)}`,
  "order.rejected": ({ app, after }) => `rejected the order for ${app}${quoted(after.note)}`,
  "order.cancelled": ({ app }) => `cancelled the order for ${app}`,
  "order.provisioning": ({ app }) => `started provisioning ${app}`,
  "order.ready": ({ app }) => `finished the order for ${app}: its namespaces are ready`,
  "order.failed": ({ app, after }) => `could not finish the order for ${app}${quoted(after.error)}`,
  "order.change_retried": ({ app }) => `retried the change of ${app}`,
  "run.started": ({ app, after }) => `started ${RUN_KIND[text(after.kind) ?? ""] ?? "a run"}${after.mode === "FORCED" ? " (forced)" : ""} of ${app}${after.from && after.to ? ` from ${text(after.from)} to ${text(after.to)}` : ""}${quoted(after.reason)}`,
  "run.succeeded": ({ app, after }) => `finished ${RUN_KIND[text(after.kind) ?? ""] ?? "a run"} of ${app}${text(after.rtoSeconds) ? ` in ${text(after.rtoSeconds)} s` : ""}`,
  "run.aborted": ({ app, after }) => `aborted ${RUN_KIND[text(after.kind) ?? ""] ?? "a run"} of ${app}`,
  "run.abort_requested": ({ app }) => `asked to abort the run of ${app}`,
  "run.step_failed": ({ app, after }) => `stopped the run of ${app} at a failed step${text(after.step) ? ` (${text(after.step)})` : ""}${quoted(after.error)}`,
  "run.step_succeeded": ({ app, after }) => `finished a step of the run of ${app}${text(after.step) ? ` (${text(after.step)})` : ""}`,
  "run.step_skipped": ({ app, after }) => `skipped a step of the run of ${app}${text(after.step) ? ` (${text(after.step)})` : ""}`,
  "run.resumed": ({ app }) => `resumed the run of ${app}`,
  "application.created": ({ app }) => `created ${app}`,
  "application.ready": ({ app }) => `made ${app} ready`,
  "application.active_region_changed": ({ app, before, after }) => `moved ${app}'s traffic${text(before.activeRegion) ? ` from ${text(before.activeRegion)}` : ""}${text(after.activeRegion) ? ` to ${text(after.activeRegion)}` : ""}`,
  "application.dr_phase_changed": ({ app, before, after }) => `saw ${app}'s DR phase change${text(before.phase) ? ` from ${text(before.phase)}` : ""}${text(after.phase) ? ` to ${text(after.phase)}` : ""}`,
  "application.retired": ({ app }) => `retired ${app}`,
  "application.retiring": ({ app }) => `started retiring ${app}`,
  "application.changed": ({ app }) => `changed ${app}`,
  "application.changing": ({ app }) => `started changing ${app}`,
  "application.fenced": ({ app }) => `fenced ${app}'s old region`,
  "application.dr_synced": ({ app }) => `synced ${app}'s DR namespace`,
  "application.dr_sync_failed": ({ app, after }) => `could not sync ${app}'s DR namespace${quoted(after.error)}`,
  "application.rescaled": ({ app }) => `shared ${app}'s lost replicas out among its other regions`,
  "application.rebalanced": ({ app }) => `rebalanced ${app} into its region again`,
  "user.role_changed": ({ before, after }) => `changed a user's role${text(before.role) ? ` from ${ROLE[text(before.role)!] ?? text(before.role)}` : ""} to ${ROLE[text(after.role) ?? ""] ?? text(after.role) ?? "another role"}${after.source ? ` (from the ${text(after.source)})` : ""}`,
  "user.signed_in": () => "signed in",
  "user.created": () => "was added as a user",
  "region.disabled": ({ after }) => `disabled a region for new orders${quoted(after.reason)}`,
  "region.enabled": ({ after }) => `enabled a region for new orders${quoted(after.reason)}`,
  "region.failover_started": ({ after }) => `started failing over the region ${text(after.region) ?? ""}${Array.isArray(after.started) ? `, ${after.started.length} DR application(s)` : ""}${quoted(after.reason)}`,
  "region.rebalance_started": ({ after }) => `started rebalancing multi-site applications into ${text(after.region) ?? "a region"}${quoted(after.reason)}`,
  "api_token.created": () => "created an API token",
  "api_token.revoked": () => "revoked an API token",
};

export function describeAuditEvent(event: DescribableEvent): string {
  const app = event.application?.name ?? text(fieldsOf(event.after).applicationName) ?? "an application";
  const actor = event.actorLabel === "system" ? "The portal" : event.actorLabel;
  const phrase = PHRASES[event.action];
  // An action without a sentence yet still reads as words: "application.pairing_repaired" → "application pairing repaired".
  const sentence = phrase ? `${actor} ${phrase({ app, before: fieldsOf(event.before), after: fieldsOf(event.after) })}` : `${actor}: ${event.action.replace(/[._]/g, " ")}${event.application ? ` (${event.application.name})` : ""}`;
  return sentence.replace(/\s+/g, " ").trim();
}
