"use client";

import { Alert, Button, Flex } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { repairPairingAction } from "@/lib/actions/applications/repair-pairing";
import { verifyPairingAction } from "@/lib/actions/applications/verify-pairing";
import type { PairingReport } from "@/lib/provisioning/verify-pairing";
import { pairingTone } from "./pairing-tone";
import { StatusLabel } from "./status-label";
import { Panel } from "@/components/panel";

const STATE_TEXT = { paired: "paired", drift: "drift", missing: "missing", unreachable: "region unreachable", pending: "not created yet" } as const;

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
    <Panel as="section" aria-labelledby="pairing-heading">
      <Flex justifyContent={{ default: "justifyContentSpaceBetween" }} alignItems={{ default: "alignItemsCenter" }}>
        <h2 id="pairing-heading">Pairing</h2>
        <Flex gap={{ default: "gapSm" }}>
          <Button variant="secondary" onClick={() => verify.mutate()} isDisabled={verify.isPending || repair.isPending} isLoading={verify.isPending}>
            {verify.isPending ? "Reading every region…" : "Verify pairing"}
          </Button>
          {mayRepair && needsRepair && (
            <Button variant="danger" onClick={() => repair.mutate()} isDisabled={repair.isPending} isLoading={repair.isPending}>
              {repair.isPending ? "Repairing…" : "Repair"}
            </Button>
          )}
        </Flex>
      </Flex>
      {!report && !error && <p className="muted">Reads the three SCC annotations of every namespace, live from every region, and compares them with the application&apos;s block.</p>}
      {error && <Alert variant="danger" isInline title={error} role="alert" />}
      {report && (
        <>
          <p role="status" data-testid="pairing-summary" className={report.paired ? "success" : "error"}>
            {report.paired
              ? `Paired: every namespace carries ${report.block?.mcs} and ${report.block?.uidRange} (checked ${report.checkedAt.slice(11, 19)} UTC).`
              : `Not paired: ${report.namespaces.filter((n) => n.state !== "paired").length} namespace(s) differ.${mayRepair && needsRepair ? " Repair puts the block back and recreates what is missing." : needsRepair ? " Ask the platform team to repair it." : ""}`}
          </p>
          {repair.data?.ok && <Alert variant="success" isInline isPlain title={`Repaired ${repair.data.data.repaired} namespace(s); recreating ${repair.data.data.recreating}.`} />}
          <Table aria-label="Pairing of every namespace" variant="compact" data-testid="pairing-table">
            <Thead>
              <Tr>
                <Th>Region</Th>
                <Th>Namespace</Th>
                <Th>State</Th>
                <Th>What differs</Th>
              </Tr>
            </Thead>
            <Tbody>
              {report.namespaces.map((ns) => (
                <Tr key={`${ns.region}/${ns.namespace}`}>
                  <Td dataLabel="Region" className="mono">
                    {ns.region}
                  </Td>
                  <Td dataLabel="Namespace" className="mono">
                    {ns.namespace}
                  </Td>
                  <Td dataLabel="State">
                    <StatusLabel tone={pairingTone(ns.state)}>{STATE_TEXT[ns.state]}</StatusLabel>
                  </Td>
                  <Td dataLabel="What differs" className="mono">
                    {ns.drift.map((d) => (
                      <div key={d.annotation}>
                        {d.annotation}: {d.actual ?? "(none)"} → {d.wanted}
                      </div>
                    ))}
                    {ns.error}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      )}
    </Panel>
  );
}
