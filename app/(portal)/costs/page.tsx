import { costLines, totalsBy } from "@/lib/costs/cost-totals";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/pricing/cost-model";
import { config } from "@/lib/config/config";

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

export default async function CostsPage() {
  const { costModel } = config().orders;
  const lines = await costLines(db(), costModel);
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  const money = (n: number) => formatMoney(n, costModel.currency);
  const table = (key: "costCenter" | "region", title: string) => (
    <section className="card" aria-labelledby={`${key}-h`}>
      <h2 id={`${key}-h`}>{title}</h2>
      <table data-testid={`costs-by-${key}`}>
        <thead>
          <tr>
            <th>{key === "costCenter" ? "Cost center" : "Region"}</th>
            <th>Applications</th>
            <th>Namespaces</th>
            <th>Per month</th>
          </tr>
        </thead>
        <tbody>
          {totalsBy(lines, key).map((row) => (
            <tr key={row.name}>
              <td className="mono">{row.name}</td>
              <td>{row.applications}</td>
              <td>{row.namespaces}</td>
              <td>{money(row.monthly)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
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
