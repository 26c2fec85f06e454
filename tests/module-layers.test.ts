import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

// The folders of lib/ in layers, lowest first. A folder imports from its own layer or the ones
// below, never above, and the folders of one layer never import each other in a circle: so a
// domain module can be read, tested and changed knowing exactly what it stands on. A new folder
// has to be placed here, which is the moment to decide what it may use.
const LAYERS: ReadonlyArray<{ name: string; folders: readonly string[] }> = [
  { name: "foundations: pure rules, no database", folders: ["log", "format-time", "platform", "profiles", "quotas", "selinux", "errors", "pricing", "config", "text", "lists"] },
  { name: "infrastructure", folders: ["db", "jobs", "audit", "notifications"] },
  { name: "who and where", folders: ["auth", "users", "api-tokens", "regions", "costs", "applications"] },
  { name: "the domain", folders: ["orders", "provisioning", "failover", "dr-sync", "changes", "retirement", "dashboard", "metrics", "demo"] },
  { name: "orchestration", folders: ["approvals", "workers"] },
  { name: "entry points", folders: ["actions", "api"] },
];

const IMPORT = /(?:from|import)\s*\(?\s*["']@\/lib\/([a-z-]+)/g;

async function sourceFiles(root: string) {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((file) => /\.tsx?$/.test(file) && !file.includes(".test.") && !file.startsWith("generated")).map((file) => `${root}/${file}`);
}

/** folder → the folders it imports, with one file that does, for the message. */
async function libImports() {
  const graph = new Map<string, Map<string, string>>();
  for (const file of await sourceFiles("lib")) {
    const parts = file.split("/");
    const folder = parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.tsx?$/, "");
    const edges = graph.get(folder) ?? new Map<string, string>();
    graph.set(folder, edges);
    for (const match of (await readFile(file, "utf8")).matchAll(IMPORT)) {
      const target = match[1]!;
      if (target !== folder && target !== "generated" && !edges.has(target)) edges.set(target, file);
    }
  }
  return graph;
}

const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.folders.includes(folder));

/** A circle of folders, as "a → b → a", or null. */
function findCircle(graph: Map<string, Map<string, string>>): string | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (folder: string): string | null => {
    if (state.get(folder) === "done") return null;
    if (state.get(folder) === "open") return [...path.slice(path.indexOf(folder)), folder].join(" → ");
    state.set(folder, "open");
    path.push(folder);
    for (const target of graph.get(folder)?.keys() ?? []) {
      const circle = visit(target);
      if (circle) return circle;
    }
    path.pop();
    state.set(folder, "done");
    return null;
  };
  for (const folder of graph.keys()) {
    const circle = visit(folder);
    if (circle) return circle;
  }
  return null;
}

describe("the modules of lib/", () => {
  it("each have a place in the layers", async () => {
    const unplaced = [...(await libImports()).keys()].filter((folder) => layerOf(folder) < 0);
    expect(unplaced, "add these folders to LAYERS in tests/module-layers.test.ts").toEqual([]);
  });

  it("import only from their own layer or the ones below", async () => {
    const upward: string[] = [];
    for (const [folder, targets] of await libImports()) {
      for (const [target, file] of targets) {
        if (layerOf(target) > layerOf(folder)) upward.push(`${file} (${LAYERS[layerOf(folder)]?.name}) imports lib/${target} (${LAYERS[layerOf(target)]?.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("never import each other in a circle", async () => {
    expect(findCircle(await libImports())).toBeNull();
  });

  it("are found in a circle when there is one (the check itself)", () => {
    const graph = new Map([
      ["orders", new Map([["changes", "lib/orders/a.ts"]])],
      ["changes", new Map([["provisioning", "lib/changes/b.ts"]])],
      ["provisioning", new Map([["orders", "lib/provisioning/c.ts"]])],
    ]);
    expect(findCircle(graph)).toBe("orders → changes → provisioning → orders");
  });
});

describe("pages and components", () => {
  it("read and write through lib/, never query the database themselves", async () => {
    const queries: string[] = [];
    for (const file of [...(await sourceFiles("app")), ...(await sourceFiles("components"))]) {
      const text = await readFile(file, "utf8");
      for (const match of text.matchAll(/\bdb\(\)\s*\.\s*(\$?[A-Za-z]+)/g)) queries.push(`${file}: db().${match[1]}`);
    }
    expect(queries).toEqual([]);
  });
});
