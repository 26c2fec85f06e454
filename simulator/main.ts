// `npm run sim`: the region simulator on its default ports, writing client configuration to
// .sim/ (kubeconfig, clouds.yaml). Options: --regions a,b  --state-file FILE  --no-seed  --dir DIR
// --free-ports (any free ports, for tests beside another simulator)  --pod-ready-ms N (how long a
// pod whose volumes are attachable takes to become Ready; default 1500).
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_REGIONS, startSimulator } from "./start-simulator";

const { values } = parseArgs({
  options: {
    regions: { type: "string" },
    "state-file": { type: "string" },
    "no-seed": { type: "boolean" },
    dir: { type: "string" },
    "free-ports": { type: "boolean" },
    "pod-ready-ms": { type: "string" },
  },
});

const started = performance.now();
const root = path.resolve(import.meta.dirname, "..");
const dir = path.resolve(values.dir ?? process.env.CONTINUUM_SIM_DIR ?? path.join(root, ".sim"));
const regions = values.regions ? values.regions.split(",").map((r) => r.trim()).filter(Boolean) : DEFAULT_REGIONS;
try {
  const simulator = await startSimulator({
    regions,
    clientConfigDir: dir,
    stateFile: values["state-file"] ? path.resolve(values["state-file"]) : null,
    seed: !values["no-seed"],
    ...(values["pod-ready-ms"] ? { podReadyDelayMs: Number(values["pod-ready-ms"]) } : {}),
    ...(values["free-ports"] ? { kubePorts: regions.map(() => 0), openstackPort: 0, adminPort: 0, dnsPort: 0 } : {}),
  });
  const say = (line: string) => process.stdout.write(`[simulator] ${line}\n`);
  say(`up in ${Math.round(performance.now() - started)} ms`);
  for (const region of simulator.regions) say(`${region.name}: cluster API ${region.kubeUrl}, OpenStack project ${region.projectName}`);
  say(`OpenStack (Keystone v3): ${simulator.openstack.authUrl}`);
  say(`faults and volume data: ${simulator.adminUrl} (PUT /regions/<region>/faults)`);
  say(`DNS for the applications' global names: dig @${simulator.dns.host} -p ${simulator.dns.port} books.${simulator.dns.zone}; nsupdate -k ${path.relative(process.cwd(), dir) || "."}/dns.key`);
  say(`kubectl --kubeconfig ${path.relative(process.cwd(), dir) || "."}/kubeconfig --context ${simulator.regions[0]?.name} get namespaces`);
  say(`OS_CLIENT_CONFIG_FILE=${path.relative(process.cwd(), dir) || "."}/clouds.yaml openstack --os-cloud ${simulator.regions[0]?.name} volume list`);
  const stop = async () => {
    await simulator.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (error) {
  process.stderr.write(`[simulator] cannot start: ${(error as Error).message}\n`);
  process.exit(1);
}
