import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import * as k8s from "@kubernetes/client-node";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { startTestSimulator } from "./simulator";
import { createTestDatabase } from "./test-database";

// The deployment, checked without a cluster: the OpenShift template processed as `oc process`
// does, each object accepted by a Kubernetes API server (the simulator, dry run), its settings
// ones the portal reads, and the init container's database preparation run for real.

const run = promisify(execFile);
const sim = await startTestSimulator({ seed: false });

interface Template {
  parameters: Array<{ name: string; value?: string; required?: boolean }>;
  objects: unknown[];
}

/** `oc process`: ${{P}} becomes the parameter's JSON value, ${P} its text; a required one must be given. */
function processTemplate(template: Template, given: Record<string, string>) {
  const values = Object.fromEntries(
    template.parameters.map((p) => {
      const value = given[p.name] ?? p.value;
      if (value === undefined && p.required) throw new Error(`parameter ${p.name} is required`);
      return [p.name, value ?? ""];
    }),
  );
  const text = JSON.stringify(template.objects)
    .replace(/"\$\{\{(\w+)\}\}"/g, (_, name: string) => JSON.stringify(JSON.parse(values[name]!)))
    .replace(/\$\{(\w+)\}/g, (_, name: string) => values[name]!);
  return JSON.parse(text) as k8s.KubernetesObject[];
}

const template = yaml.load(readFileSync("deploy/openshift/continuum-template.yaml", "utf8")) as Template;
const given = { IMAGE: "registry.example.com/continuum:1.0", ROUTE_HOST: "continuum.apps.example.com", OIDC_ISSUER: "https://sso.example.com/realms/ops" };

function sourceText(dir: string): string {
  return readdirSync(dir)
    .map((entry) => path.join(dir, entry))
    .map((file) => (statSync(file).isDirectory() ? (file.includes("generated") ? "" : sourceText(file)) : /\.tsx?$/.test(file) ? readFileSync(file, "utf8") : ""))
    .join("\n");
}

describe("the OpenShift template", () => {
  it("needs its required parameters and leaves nothing unsubstituted", () => {
    expect(() => processTemplate(template, {})).toThrow(/IMAGE is required/);
    const objects = processTemplate(template, given);
    expect(objects.map((o) => o.kind)).toEqual(["Deployment", "Service", "Route"]);
    expect(JSON.stringify(objects)).not.toContain("${");
    const deployment = objects[0] as k8s.V1Deployment;
    expect(deployment.spec!.replicas).toBe(3);
    expect(deployment.spec!.template.spec!.containers[0]!.image).toBe(given.IMAGE);
  });

  it("is accepted object by object by a Kubernetes API server (dry run)", async () => {
    const config = new k8s.KubeConfig();
    config.loadFromFile(path.join(sim.dir, "kubeconfig"));
    config.setCurrentContext("europe-west");
    const api = k8s.KubernetesObjectApi.makeApiClient(config);
    await config.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: "continuum" } } });
    for (const object of processTemplate(template, given)) {
      const created = await api.create({ ...object, metadata: { ...object.metadata, namespace: "continuum" } }, undefined, "All");
      expect(created.kind).toBe(object.kind);
    }
  });

  it("runs several replicas with probes on the health endpoint, non-root, settings the portal reads", () => {
    const [object, , routeObject] = processTemplate(template, given);
    const deployment = object as k8s.V1Deployment;
    const route = routeObject as k8s.KubernetesObject & { spec: { tls: { termination: string } } };
    const pod = deployment.spec!.template.spec!;
    expect(deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(pod.securityContext!.runAsNonRoot).toBe(true);
    const portal = pod.containers[0]!;
    expect(portal.readinessProbe!.httpGet!.path).toBe("/api/health");
    expect(portal.livenessProbe!.httpGet!.path).toBe("/api/health?probe=live");
    expect(readFileSync("app/api/health/route.ts", "utf8")).toContain('"probe") === "live"');
    expect(pod.initContainers![0]!.command).toEqual(["node", "dist/prepare-database.mjs"]);
    expect(route.spec.tls.termination).toBe("edge");
    const source = sourceText("lib") + sourceText("scripts");
    for (const container of [...pod.initContainers!, ...pod.containers]) {
      for (const { name } of container.env ?? []) expect(source, `the portal reads ${name}`).toContain(name);
    }
  });
});

describe("the image's database preparation (the init container)", () => {
  it("bundles into one file that migrates a database, creates the job queues and records the regions", async () => {
    // The very command the Dockerfile runs.
    await run("npm", ["run", "--silent", "build:prepare"]);
    const out = path.resolve("dist/prepare-database.mjs");
    expect(existsSync(out)).toBe(true);
    const { url, db } = await createTestDatabase({ migrated: false });
    const { stdout } = await run(process.execPath, [out], { env: { ...process.env, DATABASE_URL: url, CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") } });
    expect(stdout).toMatch(/\[prepare\] migrations: applied/);
    expect((await db.region.findMany()).map((r) => r.name).sort()).toEqual(["europe-east", "europe-west"]);
    const again = await run(process.execPath, [out], { env: { ...process.env, DATABASE_URL: url, CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") } });
    expect(again.stdout).toMatch(/migrations: up to date/);
  }, 60_000);
});
