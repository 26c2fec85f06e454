#!/usr/bin/env node
// A DR drill as a pipeline stage: starts a drill of one application through /api/v1, follows it
// step by step, prints its RTO, and exits 1 when the drill fails (so the release fails with it).
// A drill that stops at a step (an outage, say) waits for a person: with --retry N the script
// retries the step up to N times, 30 s apart, and aborts the drill (tearing it down) when the
// retries run out, so the application is never left locked behind a stopped drill.
//
//   CONTINUUM_URL=https://continuum.example.com CONTINUUM_TOKEN=ctm_… node scripts/dr-drill.mjs books "release 4.2" [--retry 2]
//
// Needs only Node 18+ (fetch); no packages.
const args = process.argv.slice(2);
const retryAt = args.indexOf("--retry");
const retries = retryAt >= 0 ? Number(args.splice(retryAt, 2)[1]) : 0;
const retryDelayMs = Number(process.env.CONTINUUM_DRILL_RETRY_SECONDS ?? 30) * 1000;
const [application, reason = `pipeline drill ${new Date().toISOString()}`] = args;
const base = (process.env.CONTINUUM_URL ?? "http://localhost:3000").replace(/\/$/, "");
const token = process.env.CONTINUUM_TOKEN;
if (!application || !token || !Number.isInteger(retries) || retries < 0) {
  console.error("usage: CONTINUUM_URL=… CONTINUUM_TOKEN=ctm_… node scripts/dr-drill.mjs <application> [reason] [--retry N]");
  process.exit(2);
}

async function api(path, init = {}) {
  const response = await fetch(`${base}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    console.error(`✗ ${init.method ?? "GET"} ${path}: ${response.status} ${body.error ?? ""}`);
    for (const [field, messages] of Object.entries(body.fieldErrors ?? {})) console.error(`  ${field}: ${messages.join(" ")}`);
    process.exit(1);
  }
  return body;
}

const started = await api("/runs", { method: "POST", body: JSON.stringify({ applicationName: application, kind: "DRILL", reason, confirmation: application }) });
console.log(`drill of ${application} started: ${base}/runs/${started.id}`);
const seen = new Map();
let retried = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
for (;;) {
  const run = await api(`/runs/${started.id}`);
  for (const step of run.steps) {
    const reported = `${step.status} ${step.attempts}`;
    if ((step.status === "SUCCEEDED" || step.status === "FAILED" || step.status === "SKIPPED") && seen.get(step.name) !== reported) {
      seen.set(step.name, reported);
      const seconds = step.startedAt && step.finishedAt ? ((Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1) : "-";
      console.log(`  ${step.status === "FAILED" ? "✗" : "✓"} ${step.title} (${seconds} s)${step.error ? `: ${step.error}` : ""}`);
    }
  }
  if (run.status === "SUCCEEDED") {
    console.log(`✓ drill passed: RTO ${run.rtoSeconds} s, data point ${run.dataPointAt}`);
    process.exit(0);
  }
  if (run.status === "ABORTED") {
    console.error(`✗ drill aborted and torn down; production was not touched. ${base}/runs/${run.id}`);
    process.exit(1);
  }
  if (run.status === "WAITING") {
    console.error(`✗ drill stopped at "${run.steps.find((s) => s.status === "FAILED")?.title ?? run.currentStep}": ${run.error ?? "see the run page"}`);
    if (retried < retries && run.actions?.retry) {
      retried++;
      console.error(`  retrying that step in ${retryDelayMs / 1000} s (${retried} of ${retries})`);
      await sleep(retryDelayMs);
      await api(run.actions.retry.replace(/^\/api\/v1/, ""), { method: "POST" });
      continue;
    }
    if (retries > 0 && run.actions?.abort) {
      console.error("  no retries left: aborting the drill so it is torn down and the application is free for the next run");
      await api(run.actions.abort.replace(/^\/api\/v1/, ""), { method: "POST" });
      continue;
    }
    console.error(`  it waits for a person: retry or abort it at ${base}/runs/${run.id}, or run this script with --retry N`);
    process.exit(1);
  }
  await sleep(2000);
}
