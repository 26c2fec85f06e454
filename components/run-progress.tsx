"use client";

import { Alert, Button, ProgressStep, ProgressStepper, Spinner } from "@patternfly/react-core";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RunStatusBadge } from "@/components/run-status-badge";
import { StatusLabel } from "@/components/status-label";
import { useNow } from "@/components/use-now";
import { abortRunAction } from "@/lib/actions/runs/abort-run";
import { resumeRunAction } from "@/lib/actions/runs/resume-run";
import { describeStepOutput } from "@/lib/failover/describe-step-output";
import type { RunView } from "@/lib/failover/get-run";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcSecond } from "@/lib/format-time";
import { Panel, StatusText } from "@/components/panel";

const STEP_STATUS = {
  PENDING: { label: "waiting", variant: "pending" },
  RUNNING: { label: "running", variant: "info" },
  SUCCEEDED: { label: "done", variant: "success" },
  FAILED: { label: "failed", variant: "danger" },
  SKIPPED: { label: "skipped", variant: "default" },
} as const;

const isActive = (run: RunView) => run.status === "PENDING" || run.status === "RUNNING";

async function fetchRun(id: string): Promise<RunView> {
  const response = await fetch(`/api/runs/${id}`, { cache: "no-store" });
  if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? `The portal answered ${response.status}.`);
  return response.json();
}

export function RunProgress({ initial, mayAct }: { initial: RunView; mayAct: boolean }) {
  const query = useQuery({
    queryKey: ["run", initial.id],
    queryFn: () => fetchRun(initial.id),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data) ? false : 1000),
  });
  const run = query.data;
  const now = useNow(isActive(run));
  const act = useMutation({
    mutationFn: async (what: "retry" | "abort") => (what === "retry" ? resumeRunAction({ runId: run.id }) : abortRunAction({ runId: run.id })),
    onSuccess: () => query.refetch(),
  });
  const started = new Date(run.createdAt).getTime();
  const total = (run.finishedAt ? new Date(run.finishedAt).getTime() : now) - started;
  const failedStep = run.steps.find((s) => s.status === "FAILED");
  // The time the run stood stopped for a person: part of the RTO, and said as such.
  const waitedMs = run.waits.reduce((sum, wait) => sum + ((wait.resumedAt ? new Date(wait.resumedAt).getTime() : now) - new Date(wait.stoppedAt).getTime()), 0);
  const waitedAt = [...new Set(run.waits.map((wait) => run.steps.find((s) => s.name === wait.step)?.title ?? wait.step))].join(", ");
  const waitedLine = run.waits.length > 0 ? `of which ${formatDuration(Math.max(0, waitedMs))} stopped for a person (at ${waitedAt})` : null;

  return (
    <>
      <h1>
        {RUN_KIND_LABEL[run.kind]} of <Link href={`/applications/${run.application}`} className="mono">{run.application}</Link>{" "}
        <RunStatusBadge status={run.status} testId="run-status" />
      </h1>
      <p className="lead">
        {run.from.displayName} → {run.to.displayName}
        {run.mode === "FORCED" && <> <StatusLabel tone="bad">forced</StatusLabel></>} · started by {run.startedBy} at {utcSecond(new Date(run.createdAt))} · “{run.reason}”
      </p>
      <div className="grid">
        <Panel as="section" aria-label="Time">
          <h2>Elapsed</h2>
          <p className="big" data-testid="run-elapsed">{formatDuration(Math.max(0, total))}</p>
          {waitedLine && (
            <p className="muted" data-testid="run-waited">
              {waitedLine}
            </p>
          )}
          {run.regionFailoverId && (
            <p className="muted">
              Part of a <Link href={`/region-failovers/${run.regionFailoverId}`}>region failover</Link>.
            </p>
          )}
        </Panel>
        {run.status === "SUCCEEDED" && (
          <Panel as="section" aria-label="Result" data-testid="run-result">
            <h2>{run.kind === "DRILL" ? "What a real failover would have taken" : "Result"}</h2>
            <dl className="review">
              <dt>RTO</dt>
              <dd data-testid="run-rto">{run.rtoSeconds !== null ? formatDuration(run.rtoSeconds * 1000) : "—"} {run.kind === "DRILL" ? "from the click to every pod ready" : "from the click to users' DNS answering the target"}
                {waitedLine ? `, ${waitedLine}` : ""}
              </dd>
              <dt>Data point (RPO)</dt>
              <dd>
                {run.dataPointAt ? utcSecond(new Date(run.dataPointAt)) : "—"}
                <div className="muted">
                  {run.kind === "DRILL" ? "when the snapshots were taken" : run.mode === "FORCED" ? "the last export; writes after it may be missing and the volumes are crash-consistent" : "the source stopped cleanly: every write up to here moved"}
                </div>
              </dd>
            </dl>
          </Panel>
        )}
      </div>
      {run.status === "WAITING" && failedStep && (
        <Alert variant="danger" isInline title={`Stopped at “${failedStep.title}” after ${failedStep.attempts} attempt(s).`} data-testid="run-failure" className="card-gap">
          <p>{run.error}</p>
          {mayAct && run.next ? (
            <>
              <p>
                Next safe action: fix what the message names, then <strong>retry the step</strong> (it checks what is already done and continues from there).
                {run.next.abort ? ` Or abort: ${run.kind === "DRILL" ? "the drill is torn down" : "pending transfers are deleted and the source is started again"}.` : ""}
              </p>
              {run.next.abortBlocked && <p className="muted">{run.next.abortBlocked}</p>}
              <div className="inline">
                <Button variant="primary" onClick={() => act.mutate("retry")} isDisabled={act.isPending} isLoading={act.isPending && act.variables === "retry"}>
                  Retry step
                </Button>
                {run.next.abort && (
                  <Button variant="danger" onClick={() => act.mutate("abort")} isDisabled={act.isPending}>
                    Abort and roll back
                  </Button>
                )}
              </div>
            </>
          ) : (
            <p>An on-call engineer can retry the step or abort the run.</p>
          )}
          {act.data && !act.data.ok && <StatusText>{act.data.error}</StatusText>}
        </Alert>
      )}
      {query.isError && (
        <StatusText role="alert">
          Could not refresh the run: {(query.error as Error).message} The run goes on without this page; it retries by itself.
        </StatusText>
      )}
      <Panel as="section" aria-labelledby="steps-heading">
        <h2 id="steps-heading">Steps</h2>
        <ProgressStepper isVertical aria-label="Steps of the run" data-testid="run-steps">
          {run.steps.map((step, index) => {
            const tone = STEP_STATUS[step.status];
            const elapsed = step.startedAt ? (step.finishedAt ? new Date(step.finishedAt).getTime() : step.status === "RUNNING" ? now : new Date(step.startedAt).getTime()) - new Date(step.startedAt).getTime() : null;
            const lines = describeStepOutput(step.output);
            return (
              <ProgressStep
                key={step.name}
                id={`step-${step.name}`}
                titleId={`step-${step.name}-title`}
                variant={tone.variant}
                isCurrent={step.status === "RUNNING" || step.status === "FAILED"}
                icon={step.status === "RUNNING" ? <Spinner size="md" aria-hidden="true" /> : undefined}
                aria-label={`Step ${index + 1}, ${step.title}: ${tone.label}`}
                data-testid={`step-${step.name}`}
                data-status={step.status}
                description={
                  <>
                    <span className="muted">{step.purpose}</span>
                    {lines.length > 0 && (
                      <ul className="step-output">
                        {lines.map((line, i) => (
                          <li key={i}>{line}</li>
                        ))}
                      </ul>
                    )}
                    {step.error && <span className="error step-error">{step.error}</span>}
                  </>
                }
              >
                {index + 1}. {step.title}{" "}
                <span className="muted">
                  {tone.label}
                  {step.attempts > 1 ? ` · attempt ${step.attempts}` : ""}
                  {elapsed !== null ? ` · ${formatDuration(Math.max(0, elapsed))}` : ""}
                </span>
              </ProgressStep>
            );
          })}
        </ProgressStepper>
      </Panel>
    </>
  );
}
