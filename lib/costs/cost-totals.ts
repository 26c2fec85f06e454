import type { Db } from "@/lib/db/client";
import { csvOf } from "@/lib/text/csv";
import { estimateMonthlyCost, type CostModel } from "@/lib/pricing/cost-model";

// What the running applications cost per month, by cost center and by region, from the cost
// model applied to the namespaces that exist now (not to the estimate at ordering time, which
// changes as the model does).

export interface CostLine {
  application: string;
  costCenter: string;
  profile: string;
  region: string;
  namespace: string;
  monthly: number;
}

export async function costLines(db: Db, model: CostModel): Promise<CostLine[]> {
  const applications = await db.application.findMany({
    where: { status: { in: ["READY", "PROVISIONING", "FAILED", "RETIRING"] } },
    include: { namespaces: { where: { status: { not: "DELETED" } }, include: { region: true } } },
    orderBy: { name: "asc" },
  });
  return applications.flatMap((application) =>
    estimateMonthlyCost(
      model,
      application.profile,
      application.quotaSize,
      application.namespaces.map((ns) => ({ name: ns.name, region: ns.region.name, role: ns.role })),
    ).lines.map((line) => ({ application: application.name, costCenter: application.costCenter, profile: application.profile, region: line.region, namespace: line.namespace, monthly: line.monthly })),
  );
}

export function totalsBy(lines: CostLine[], key: "costCenter" | "region") {
  const totals = new Map<string, { monthly: number; applications: Set<string>; namespaces: number }>();
  for (const line of lines) {
    const total = totals.get(line[key]) ?? { monthly: 0, applications: new Set(), namespaces: 0 };
    total.monthly += line.monthly;
    total.applications.add(line.application);
    total.namespaces++;
    totals.set(line[key], total);
  }
  return [...totals.entries()].map(([name, t]) => ({ name, monthly: t.monthly, applications: t.applications.size, namespaces: t.namespaces })).sort((a, b) => b.monthly - a.monthly || a.name.localeCompare(b.name));
}

/** RFC 4180 CSV: one line per namespace, so a spreadsheet can pivot it any way. */
export function costCsv(lines: CostLine[], currency: string) {
  const header = ["cost_center", "application", "profile", "region", "namespace", `monthly_${currency.toLowerCase()}`];
  return csvOf([header, ...lines.map((l) => [l.costCenter, l.application, l.profile, l.region, l.namespace, l.monthly])]);
}
