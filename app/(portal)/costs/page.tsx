import { SimpleTable } from "@/components/simple-table";
import { costLines, totalsBy } from "@/lib/costs/cost-totals";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/pricing/cost-model";
import { config } from "@/lib/config/config";
import { Panel } from "@/components/panel";

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

export default async function CostsPage() {
  const { costModel } = config().orders;
  const lines = await costLines(db(), costModel);
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  const money = (n: number) => formatMoney(n, costModel.currency);
  const table = (key: "costCenter" | "region", title: string) => (
    <Panel as="section" aria-labelledby={`${key}-h`}>
      <h2 id={`${key}-h`}>{title}</h2>
      <SimpleTable
        label={title}
        testId={`costs-by-${key}`}
        columns={[
          { key: "name", title: key === "costCenter" ? "Cost center" : "Region" },
          { key: "applications", title: "Applications" },
          { key: "namespaces", title: "Namespaces" },
          { key: "monthly", title: "Per month" },
        ]}
        rows={totalsBy(lines, key).map((row) => ({ id: row.name, cells: { name: <span className="mono">{row.name}</span>, applications: row.applications, namespaces: row.namespaces, monthly: money(row.monthly) } }))}
      />
    </Panel>
  );
  return (
    <>
      <h1>Costs</h1>
      <p className="lead">
        What the applications cost per month now, from the cost model applied to the namespaces that exist: <strong data-testid="costs-total">{money(total)}</strong> in all.{" "}
        <a href="/costs/export" download>
          Export CSV
        </a>
      </p>
      <div className="grid">
        {table("costCenter", "By cost center")}
        {table("region", "By region")}
      </div>
    </>
  );
}
