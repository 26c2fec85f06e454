"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { repairPairingAction } from "@/lib/actions/applications/repair-pairing";
import { verifyPairingAction } from "@/lib/actions/applications/verify-pairing";
import type { PairingReport } from "@/lib/provisioning/verify-pairing";

const STATE_TEXT = {
  paired: { text: "paired", tone: "ok" },
  drift: { text: "drift", tone: "bad" },
  missing: { text: "missing", tone: "bad" },
  unreachable: { text: "region unreachable", tone: "warn" },
  pending: { text: "not created yet", tone: "warn" },
} as const;

/** "Verify pairing": the live annotations of every namespace in every region, against the block. */
export function PairingCheck({ applicationName, mayRepair }: { applicationName: string; mayRepair: boolean }) {
  const router = useRouter();
  const verify = useMutation({ mutationFn: () => verifyPairingAction({ applicationName }) });
  const repair = useMutation({
    mutationFn: () => repairPairingAction({ applicationName }),
    onSuccess: () => router.refresh(),
  });
  const result = repair.data ?? verify.data;
  const report: PairingReport | null = result?.ok ? result.data : null;
  const error = result && !result.ok ? result.error : null;
  const needsRepair = report?.namespaces.some((n) => n.state === "drift" || n.state === "missing");
  return (
    <section className="card" aria-labelledby="pairing-heading">
      <div className="inline spread">
        <h2 id="pairing-heading">Pairing</h2>
        <div className="inline">
          <button type="button" className="secondary" onClick={() => verify.mutate()} disabled={verify.isPending || repair.isPending}>
            {verify.isPending ? "Reading every region…" : "Verify pairing"}
          </button>
          {mayRepair && needsRepair && (
            <button type="button" className="danger" onClick={() => repair.mutate()} disabled={repair.isPending}>
              {repair.isPending ? "Repairing…" : "Repair"}
            </button>
          )}
        </div>
      </div>
      {!report && !error && <p className="muted">Reads the three SCC annotations of every namespace, live from every region, and compares them with the application&apos;s block.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <p role="status" data-testid="pairing-summary" className={report.paired ? "success" : "error"}>
            {report.paired
              ? `Paired: every namespace carries ${report.block?.mcs} and ${report.block?.uidRange} (checked ${report.checkedAt.slice(11, 19)} UTC).`
              : `Not paired: ${report.namespaces.filter((n) => n.state !== "paired").length} namespace(s) differ.${mayRepair && needsRepair ? " Repair puts the block back and recreates what is missing." : needsRepair ? " Ask the platform team to repair it." : ""}`}
          </p>
          {repair.data?.ok && <p className="success">Repaired {repair.data.data.repaired} namespace(s); recreating {repair.data.data.recreating}.</p>}
          <table data-testid="pairing-table">
            <thead>
              <tr>
                <th>Region</th>
                <th>Namespace</th>
                <th>State</th>
                <th>What differs</th>
              </tr>
            </thead>
            <tbody>
              {report.namespaces.map((ns) => (
                <tr key={`${ns.region}/${ns.namespace}`}>
                  <td className="mono">{ns.region}</td>
                  <td className="mono">{ns.namespace}</td>
                  <td>
                    <span className={`badge ${STATE_TEXT[ns.state].tone}`}>{STATE_TEXT[ns.state].text}</span>
                  </td>
                  <td className="mono">
                    {ns.drift.map((d) => (
                      <div key={d.annotation}>
                        {d.annotation}: {d.actual ?? "(none)"} → {d.wanted}
                      </div>
                    ))}
                    {ns.error}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
