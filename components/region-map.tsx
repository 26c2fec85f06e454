import type { RegionOverview } from "@/lib/dashboard/dashboard-overview";

// Regions side by side and the applications between them: each region a column with the
// applications serving from it; a DR application's line runs to the region that would take over.

const COLUMN = 240;
const GAP = 80;
const ROW = 26;
const TOP = 64;
const TONE = { DR: "#0b5cad", MULTI_SITE: "#1a7f37", SINGLE_SITE: "#5b6470" } as const;

export function RegionMap({ regions }: { regions: RegionOverview[] }) {
  const rows = regions.map((r) => [...r.serving.DR.map((name) => ({ name, profile: "DR" as const })), ...r.serving.MULTI_SITE.map((name) => ({ name, profile: "MULTI_SITE" as const })), ...r.serving.SINGLE_SITE.map((name) => ({ name, profile: "SINGLE_SITE" as const }))]);
  const height = TOP + Math.max(1, ...rows.map((r) => r.length)) * ROW + 24;
  const width = regions.length * COLUMN + (regions.length - 1) * GAP;
  const x = (i: number) => i * (COLUMN + GAP);
  const position = new Map<string, { region: number; row: number }>();
  rows.forEach((apps, region) => apps.forEach((app, row) => app.profile === "DR" && position.set(app.name, { region, row })));
  const standbyOf = (name: string) => regions.findIndex((r) => r.standby.includes(name));
  const up = (r: RegionOverview) => (r.health.checkedAt === null ? null : Boolean(r.health.clusterUp && r.health.storageUp));

  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={regions.map((r, i) => `${r.name}: ${rows[i]!.map((a) => a.name).join(", ") || "no application"}`).join("; ")} data-testid="region-map">
      {regions.map((region, i) => (
        <g key={region.name}>
          <rect x={x(i)} y={0} width={COLUMN} height={height} rx={10} fill="#fff" stroke={up(region) === false ? "#b42318" : "#dde1e6"} strokeWidth={up(region) === false ? 2 : 1} />
          <circle cx={x(i) + 16} cy={22} r={6} fill={up(region) === null ? "#9a6700" : up(region) ? "#1a7f37" : "#b42318"} />
          <text x={x(i) + 30} y={27} fontWeight={700} fontSize={15}>
            {region.displayName}
          </text>
          <text x={x(i) + 16} y={46} fontSize={11} fill="#5b6470">
            {region.name} · {up(region) === null ? "not checked yet" : up(region) ? `up, ${region.health.clusterLatencyMs} ms` : "DOWN"}
          </text>
          {rows[i]!.map((app, row) => (
            <g key={app.name} transform={`translate(${x(i) + 12}, ${TOP + row * ROW})`}>
              <rect width={COLUMN - 24} height={ROW - 6} rx={6} fill={`${TONE[app.profile]}18`} stroke={TONE[app.profile]} />
              <text x={8} y={14} fontSize={12} fontFamily="ui-monospace, monospace">
                {app.name}
              </text>
              <text x={COLUMN - 32} y={14} fontSize={10} textAnchor="end" fill={TONE[app.profile]}>
                {app.profile === "DR" ? "DR" : app.profile === "MULTI_SITE" ? "multi-site" : "single-site"}
              </text>
            </g>
          ))}
        </g>
      ))}
      {[...position.entries()].map(([name, at]) => {
        const to = standbyOf(name);
        if (to < 0 || to === at.region) return null;
        const y = TOP + at.row * ROW + (ROW - 6) / 2;
        const fromX = to > at.region ? x(at.region) + COLUMN - 12 : x(at.region) + 12;
        const toX = to > at.region ? x(to) : x(to) + COLUMN;
        return <path key={name} d={`M ${fromX} ${y} C ${(fromX + toX) / 2} ${y}, ${(fromX + toX) / 2} ${y}, ${toX} ${y}`} stroke="#0b5cad" strokeDasharray="4 3" fill="none" markerEnd="url(#arrow)" />;
      })}
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#0b5cad" />
        </marker>
      </defs>
    </svg>
  );
}
