import { spawn, execFile, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { RouterTarget } from "@/lib/platform/global-traffic";
import type { TsigKey } from "@/lib/platform/tsig";
import type { TrafficConfig } from "@/lib/regions/region-config";

// A real BIND 9 (Debian's `named`) on 127.0.0.1, primary for one zone that takes RFC 2136 updates
// signed with a TSIG key of the test's own. Tests read what it answers with `dig`, as an operator
// would, not through the portal's own client.

export const NAMED = ["/usr/sbin/named", "/usr/bin/named"].find((file) => existsSync(file)) ?? null;
export const DIG = ["/usr/bin/dig"].find((file) => existsSync(file)) ?? null;

export interface TestBind {
  host: string;
  port: number;
  zone: string;
  key: TsigKey;
  /** `dig +short` of a name and type, against this server only. */
  dig(name: string, type?: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startTestBind(zone = "apps.continuum.test"): Promise<TestBind> {
  if (!NAMED || !DIG) throw new Error("BIND 9 is not installed: apt-get install bind9 bind9-dnsutils (.ci/run does)");
  const dir = await mkdtemp(path.join(os.tmpdir(), "continuum-bind-"));
  const port = await freePort();
  const key: TsigKey = { name: "continuum-test", algorithm: "hmac-sha256", secret: randomBytes(32).toString("base64") };
  await writeFile(
    path.join(dir, "zone.db"),
    [`$TTL 300`, `@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 30`, `@ IN NS ns1.${zone}.`, `ns1 IN A 127.0.0.1`, ""].join("\n"),
  );
  await writeFile(
    path.join(dir, "named.conf"),
    `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
};
key "${key.name}" { algorithm ${key.algorithm}; secret "${key.secret}"; };
zone "${zone}" { type primary; file "${dir}/zone.db"; update-policy { grant ${key.name} zonesub ANY; }; };
`,
  );
  const named: ChildProcess = spawn(NAMED, ["-g", "-c", path.join(dir, "named.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  named.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const run = promisify(execFile);
  const dig = async (name: string, type = "A") => {
    const { stdout } = await run(DIG!, ["@127.0.0.1", "-p", String(port), "+short", "+norecurse", "+time=1", "+tries=2", name, ...type.split(" ")]);
    return stdout.split("\n").map((line) => line.trim()).filter(Boolean).sort();
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (named.exitCode !== null) throw new Error(`named exited at start-up:\n${log.slice(-2000)}`);
    if ((await dig(`ns1.${zone}`).catch((): string[] => [])).includes("127.0.0.1")) break;
    if (Date.now() > deadline) throw new Error(`named did not answer within 20 s:\n${log.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: "127.0.0.1",
    port,
    zone,
    key,
    dig,
    async stop() {
      named.kill("SIGTERM");
      await new Promise((resolve) => (named.exitCode !== null ? resolve(null) : named.once("exit", resolve)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The portal's traffic configuration for this server, with a TTL of 30 s. */
export const trafficConfigOf = (bind: TestBind, routers: Record<string, RouterTarget>): TrafficConfig => ({
  connection: { server: { host: bind.host, port: bind.port }, zone: bind.zone, key: bind.key, ttlSeconds: 30 },
  routers,
});
