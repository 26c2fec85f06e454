"use client";

import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { timeTicks } from "@/lib/text/time-ticks";

export interface RtoPoint {
  at: number; // epoch ms of the run's start
  rtoSeconds: number;
  kind: "FAILOVER" | "FAILBACK" | "DRILL";
}

const startedAt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ") + " UTC";

/** RTO of every completed run over time: drills and real moves side by side, so a trend shows. */
export function RtoChart({ points }: { points: RtoPoint[] }) {
  const series = [
    { name: "Drills", fill: "#0b5cad", data: points.filter((p) => p.kind === "DRILL") },
    { name: "Failovers and failbacks", fill: "#b42318", data: points.filter((p) => p.kind !== "DRILL") },
  ];
  const times = points.map((p) => p.at);
  const axis = timeTicks(Math.min(...times), Math.max(...times));
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="rto-chart">
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 10, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} ticks={axis.ticks} tickFormatter={axis.format} name="Started" fontSize={12} label={{ value: axis.caption, position: "insideBottom", offset: -16, fontSize: 12 }} />
          <YAxis dataKey="rtoSeconds" name="RTO" unit=" s" fontSize={12} allowDecimals={false} label={{ value: "RTO", angle: -90, position: "insideLeft", fontSize: 12 }} />
          <Tooltip formatter={(value, name) => (name === "Started" ? startedAt(Number(value)) : `${Number(value).toFixed(1)} s`)} />
          <Legend verticalAlign="top" height={28} />
          {series.map((s) => (
            <Scatter key={s.name} name={s.name} data={s.data} fill={s.fill} line isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
