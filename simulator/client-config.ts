import { writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import type { RunningSimulator } from "./start-simulator";

// Standard client configuration for the simulated regions: one kubeconfig with a context per
// region and one clouds.yaml with a cloud per region, each named after the region.

export function kubeconfigOf(simulator: Pick<RunningSimulator, "regions">) {
  return {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    "current-context": simulator.regions[0]?.name,
    clusters: simulator.regions.map((r) => ({
      name: r.name,
      cluster: { server: r.kubeUrl, "certificate-authority-data": Buffer.from(r.caCert).toString("base64") },
    })),
    users: simulator.regions.map((r) => ({ name: `continuum/${r.name}`, user: { token: r.token } })),
    contexts: simulator.regions.map((r) => ({ name: r.name, context: { cluster: r.name, user: `continuum/${r.name}`, namespace: "default" } })),
  };
}

export function cloudsYamlOf(simulator: Pick<RunningSimulator, "regions" | "openstack">) {
  return {
    clouds: Object.fromEntries(
      simulator.regions.map((r) => [
        r.name,
        {
          auth: {
            auth_url: simulator.openstack.authUrl,
            username: simulator.openstack.username,
            password: simulator.openstack.password,
            project_name: r.projectName,
            user_domain_name: simulator.openstack.domain,
            project_domain_name: simulator.openstack.domain,
          },
          region_name: "RegionOne",
          interface: "public",
          identity_api_version: 3,
          volume_api_version: 3,
        },
      ]),
    ),
  };
}

/** The portal's traffic configuration (CONTINUUM_TRAFFIC_CONFIG) for the simulated zone. */
export function trafficConfigOf(simulator: Pick<RunningSimulator, "dns">) {
  const { dns } = simulator;
  return { dns: { server: `${dns.host}:${dns.port}`, zone: dns.zone, ttl: 30, tsig: dns.key }, routers: dns.routers };
}

/** The zone's key as BIND writes it (tsig-keygen), for `nsupdate -k`. */
export const bindKeyFileOf = (simulator: Pick<RunningSimulator, "dns">) =>
  `key "${simulator.dns.key.name}" {\n\talgorithm ${simulator.dns.key.algorithm};\n\tsecret "${simulator.dns.key.secret}";\n};\n`;

export function writeClientConfig(dir: string, simulator: Pick<RunningSimulator, "regions" | "openstack" | "adminUrl" | "dns">) {
  writeFileSync(path.join(dir, "kubeconfig"), yaml.dump(kubeconfigOf(simulator)), { mode: 0o600 });
  writeFileSync(path.join(dir, "clouds.yaml"), yaml.dump(cloudsYamlOf(simulator)), { mode: 0o600 });
  writeFileSync(path.join(dir, "traffic.yaml"), yaml.dump(trafficConfigOf(simulator)), { mode: 0o600 });
  writeFileSync(path.join(dir, "dns.key"), bindKeyFileOf(simulator), { mode: 0o600 });
  // Where the admin endpoint is (faults, volume data), for tests that start the portal on free ports.
  writeFileSync(path.join(dir, "simulator.json"), JSON.stringify({ adminUrl: simulator.adminUrl, dns: `${simulator.dns.host}:${simulator.dns.port}`, zone: simulator.dns.zone, pid: process.pid }, null, 2));
}
