"use client";

import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

export interface RtoPoint {
  at: number; // epoch ms of the run's start
  rtoSeconds: number;
  kind: "FAILOVER" | "FAILBACK" | "DRILL";
}

const day = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace("T", " ");

/** RTO of every completed run over time: drills and real moves side by side, so a trend shows. */
export function RtoChart({ points }: { points: RtoPoint[] }) {
  const series = [
    { name: "Drills", fill: "#0b5cad", data: points.filter((p) => p.kind === "DRILL") },
    { name: "Failovers and failbacks", fill: "#b42318", data: points.filter((p) => p.kind !== "DRILL") },
  ];
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="rto-chart">
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} tickFormatter={day} name="Started (UTC)" fontSize={12} />
          <YAxis dataKey="rtoSeconds" name="RTO" unit=" s" fontSize={12} />
          <Tooltip formatter={(value, name) => (name === "Started (UTC)" ? day(Number(value)) : `${Number(value).toFixed(1)} s`)} />
          <Legend />
          {series.map((s) => (
            <Scatter key={s.name} name={s.name} data={s.data} fill={s.fill} line isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
