import type { RegionProbe } from "@/lib/regions/probe-region";
import { StatusLabel } from "./status-label";

/** A region's two APIs as they answered just now: OpenShift and Cinder, each with its latency or why it did not answer. */
export function ProbeLabels({ probe }: { probe: RegionProbe }) {
  return (
    <>
      <StatusLabel tone={probe.cluster.ok ? "ok" : "bad"} title={probe.cluster.ok ? undefined : probe.cluster.error}>
        {probe.cluster.ok ? `OpenShift ${probe.cluster.ms} ms` : "OpenShift unreachable"}
      </StatusLabel>{" "}
      <StatusLabel tone={probe.storage.ok ? "ok" : "bad"} title={probe.storage.ok ? undefined : probe.storage.error}>
        {probe.storage.ok ? `Cinder ${probe.storage.ms} ms` : "Cinder unreachable"}
      </StatusLabel>
    </>
  );
}
