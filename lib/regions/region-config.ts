import { readFileSync } from "node:fs";
import * as k8s from "@kubernetes/client-node";
import yaml from "js-yaml";
import { z } from "zod";
import { setVariablesOf } from "@/lib/config/variables";
import type { ClusterConnection } from "@/lib/platform/region-cluster";
import type { Rfc2136Connection, RouterTarget } from "@/lib/platform/global-traffic";
import type { OpenStackConnection } from "@/lib/platform/region-block-storage";
import { TSIG_ALGORITHMS } from "@/lib/platform/tsig";

// Where the portal's regions are, in the two files operators already have for their own
// clients: a kubeconfig with a context per region and a clouds.yaml with a cloud per region,
// each named after the region (the simulator writes the same pair into .sim/).
//   CONTINUUM_KUBECONFIG   path of the kubeconfig
//   CONTINUUM_CLOUDS_YAML  path of the clouds.yaml (OS_CLIENT_CONFIG_FILE is read too)
//   CONTINUUM_REGIONS      optional comma list; default: every context of the kubeconfig

export interface RegionConfig {
  name: string;
  apiUrl: string;
  cluster: ClusterConnection;
  openstack: OpenStackConnection;
}

export class RegionConfigError extends Error {}

const RegionName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a region name is lower-case letters, digits and dashes, like europe-west");

const CloudsYaml = z.object({
  clouds: z.record(
    z.string(),
    z.object({
      auth: z.object({
        auth_url: z.url(),
        username: z.string().min(1),
        password: z.string().min(1),
        project_name: z.string().min(1),
        user_domain_name: z.string().default("Default"),
        project_domain_name: z.string().default("Default"),
      }),
      interface: z.enum(["public", "internal"]).optional(),
    }),
  ),
});

const RegionEnv = z.object({
  CONTINUUM_KUBECONFIG: z.string().min(1),
  CONTINUUM_CLOUDS_YAML: z.string().min(1).optional(),
  OS_CLIENT_CONFIG_FILE: z.string().min(1).optional(),
  CONTINUUM_REGIONS: z.string().optional(),
});

export function regionsAreConfigured(env: Record<string, string | undefined> = process.env) {
  return Boolean(env.CONTINUUM_KUBECONFIG);
}

export function loadRegionConfig(env: Record<string, string | undefined> = process.env): RegionConfig[] {
  const parsed = RegionEnv.safeParse(setVariablesOf(env));
  if (!parsed.success) throw new RegionConfigError("CONTINUUM_KUBECONFIG is not set: point it at a kubeconfig with one context per region.");
  const { CONTINUUM_KUBECONFIG: kubeconfigPath, CONTINUUM_REGIONS } = parsed.data;
  const cloudsPath = parsed.data.CONTINUUM_CLOUDS_YAML ?? parsed.data.OS_CLIENT_CONFIG_FILE;
  if (!cloudsPath) throw new RegionConfigError("CONTINUUM_CLOUDS_YAML is not set: point it at a clouds.yaml with one cloud per region.");

  const kubeconfig = new k8s.KubeConfig();
  let kubeconfigText: string;
  try {
    kubeconfigText = readFileSync(kubeconfigPath, "utf8");
    kubeconfig.loadFromString(kubeconfigText);
  } catch (error) {
    throw new RegionConfigError(`cannot read the kubeconfig ${kubeconfigPath}: ${(error as Error).message}`);
  }
  let clouds: z.infer<typeof CloudsYaml>["clouds"];
  try {
    const result = CloudsYaml.safeParse(yaml.load(readFileSync(cloudsPath, "utf8")));
    if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    clouds = result.data.clouds;
  } catch (error) {
    throw new RegionConfigError(`cannot read the clouds.yaml ${cloudsPath}: ${(error as Error).message}`);
  }

  const names = CONTINUUM_REGIONS
    ? CONTINUUM_REGIONS.split(",").map((n) => n.trim()).filter(Boolean)
    : kubeconfig.getContexts().map((c) => c.name);
  if (names.length === 0) throw new RegionConfigError(`no regions: the kubeconfig ${kubeconfigPath} has no contexts and CONTINUUM_REGIONS is empty.`);

  return names.map((name) => {
    const valid = RegionName.safeParse(name);
    if (!valid.success) throw new RegionConfigError(`region "${name}": ${valid.error.issues[0]!.message}.`);
    const context = kubeconfig.getContextObject(name);
    if (!context) throw new RegionConfigError(`region "${name}" has no context of that name in ${kubeconfigPath}.`);
    const cluster = kubeconfig.getCluster(context.cluster);
    if (!cluster) throw new RegionConfigError(`region "${name}": its context names cluster "${context.cluster}", which ${kubeconfigPath} does not define.`);
    const cloud = clouds[name];
    if (!cloud) throw new RegionConfigError(`region "${name}" has no cloud of that name in ${cloudsPath}.`);
    return {
      name,
      apiUrl: cluster.server,
      cluster: { kubeconfig: kubeconfigText, context: name },
      openstack: {
        authUrl: cloud.auth.auth_url,
        username: cloud.auth.username,
        password: cloud.auth.password,
        userDomainName: cloud.auth.user_domain_name,
        projectName: cloud.auth.project_name,
        projectDomainName: cloud.auth.project_domain_name,
        interface: cloud.interface,
      },
    };
  });
}

// Global traffic (optional): where users' DNS is changed when an application moves, in a YAML file
// of its own (CONTINUUM_TRAFFIC_CONFIG), so its TSIG secret can be mounted from a Secret:
//   dns:     { server: "ns1.example.com:53", zone: apps.example.com, ttl: 30,
//              tsig: { name: continuum, algorithm: hmac-sha256, secret: <base64, as tsig-keygen prints it> } }
//   routers: { europe-west: { cname: router.europe-west.example.com }, europe-east: { addresses: [192.0.2.10] } }

const HostName = z.string().regex(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.?$/i, "a DNS name, like router.europe-west.example.com");
const Router = z.union([
  z.object({ cname: HostName }).strict(),
  z.object({ addresses: z.array(z.union([z.ipv4(), z.ipv6()], { error: "an IPv4 or IPv6 address" })).min(1, "at least one address") }).strict(),
]);

const TrafficFile = z.object({
  dns: z.object({
    server: z.string().regex(/^[^\s:]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i, "host or host:port, like ns1.example.com:53"),
    zone: HostName,
    ttl: z.number().int().min(1, "ttl is at least 1 s").max(86_400, "ttl is at most 86400 s").default(30),
    tsig: z.object({ name: HostName, algorithm: z.enum(TSIG_ALGORITHMS).default("hmac-sha256"), secret: z.base64("tsig.secret is base64, as tsig-keygen prints it") }),
  }),
  routers: z.record(RegionName, Router),
});

export interface TrafficConfig {
  connection: Rfc2136Connection;
  routers: Record<string, RouterTarget>;
}

export function loadTrafficConfig(env: Record<string, string | undefined> = process.env): TrafficConfig | null {
  const file = setVariablesOf(env).CONTINUUM_TRAFFIC_CONFIG;
  if (!file) return null;
  let parsed: z.infer<typeof TrafficFile>;
  try {
    const result = TrafficFile.safeParse(yaml.load(readFileSync(file, "utf8")));
    if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    parsed = result.data;
  } catch (error) {
    throw new RegionConfigError(`cannot read the traffic configuration ${file}: ${(error as Error).message}`);
  }
  const server = parsed.dns.server.match(/^\[?([^\]]+?)\]?(?::(\d+))?$/)!;
  return {
    connection: { server: { host: server[1]!, port: Number(server[2] ?? 53) }, zone: parsed.dns.zone, key: parsed.dns.tsig, ttlSeconds: parsed.dns.ttl },
    routers: parsed.routers,
  };
}
