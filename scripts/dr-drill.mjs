#!/usr/bin/env node
// A DR drill as a pipeline stage: starts a drill of one application through /api/v1, follows it
// step by step, prints its RTO, and exits 1 when the drill fails (so the release fails with it).
//
//   CONTINUUM_URL=https://continuum.example.com CONTINUUM_TOKEN=ctm_… node scripts/dr-drill.mjs books "release 4.2"
//
// Needs only Node 18+ (fetch); no packages.
const [application, reason = `pipeline drill ${new Date().toISOString()}`] = process.argv.slice(2);
const base = (process.env.CONTINUUM_URL ?? "http://localhost:3000").replace(/\/$/, "");
const token = process.env.CONTINUUM_TOKEN;
if (!application || !token) {
  console.error("usage: CONTINUUM_URL=… CONTINUUM_TOKEN=ctm_… node scripts/dr-drill.mjs <application> [reason]");
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
const seen = new Set();
for (;;) {
  const run = await api(`/runs/${started.id}`);
  for (const step of run.steps) {
    if ((step.status === "SUCCEEDED" || step.status === "FAILED" || step.status === "SKIPPED") && !seen.has(step.name)) {
      seen.add(step.name);
      const seconds = step.startedAt && step.finishedAt ? ((Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1) : "-";
      console.log(`  ${step.status === "FAILED" ? "✗" : "✓"} ${step.title} (${seconds} s)${step.error ? `: ${step.error}` : ""}`);
    }
  }
  if (run.status === "SUCCEEDED") {
    console.log(`✓ drill passed: RTO ${run.rtoSeconds} s, data point ${run.dataPointAt}`);
    process.exit(0);
  }
  if (run.status === "WAITING" || run.status === "ABORTED") {
    console.error(`✗ drill ${run.status.toLowerCase()}: ${run.error ?? "see the run page"}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
