import type { RegionSummary } from "@/lib/dashboard/dashboard-summary";

// Regions side by side: each a column with its health and how many applications serve from it, by
// profile; an arrow from a region to each region its DR applications would fail over to, with how
// many. Counts, not names, so the picture reads the same with 5 applications or 5,000.

const COLUMN = 240;
const GAP = 96;
const BAR_TOP = 70;
const BAR = 26;
const TONE = { DR: "#0b5cad", STANDBY: "#6a6e73", MULTI_SITE: "#1a7f37", SINGLE_SITE: "#5b6470" } as const;
const ROWS = [
  { key: "DR", label: "DR, active" },
  { key: "STANDBY", label: "DR, standby" },
  { key: "MULTI_SITE", label: "multi-site" },
  { key: "SINGLE_SITE", label: "single-site" },
] as const;

const countOf = (region: RegionSummary, key: (typeof ROWS)[number]["key"]) => (key === "STANDBY" ? region.standby : region.serving[key]);

export function RegionMap({ regions }: { regions: RegionSummary[] }) {
  const pairs = regions.flatMap((from, i) => Object.entries(from.drTo).map(([to, n]) => ({ from: i, to: regions.findIndex((r) => r.name === to), n }))).filter((p) => p.to >= 0 && p.to !== p.from);
  const height = BAR_TOP + ROWS.length * BAR + 24 + pairs.length * 18;
  const width = Math.max(1, regions.length) * COLUMN + Math.max(0, regions.length - 1) * GAP;
  const x = (i: number) => i * (COLUMN + GAP);
  const most = Math.max(1, ...regions.flatMap((r) => ROWS.map((row) => countOf(r, row.key))));
  const up = (r: RegionSummary) => (r.health.checkedAt === null ? null : Boolean(r.health.clusterUp && r.health.storageUp));
  const label = regions
    .map((r) => `${r.name} (${up(r) === null ? "not checked" : up(r) ? "up" : "down"}): ${ROWS.map((row) => `${countOf(r, row.key)} ${row.label}`).join(", ")}${Object.entries(r.drTo).map(([to, n]) => `; ${n} would fail over to ${to}`).join("")}`)
    .join(". ");

  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={label || "No region"} data-testid="region-map">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={TONE.DR} />
        </marker>
      </defs>
      {regions.map((region, i) => (
        <g key={region.name}>
          <rect x={x(i)} y={0} width={COLUMN} height={BAR_TOP + ROWS.length * BAR + 12} rx={10} fill="#fff" stroke={up(region) === false ? "#b42318" : "#dde1e6"} strokeWidth={up(region) === false ? 2 : 1} />
          <circle cx={x(i) + 16} cy={22} r={6} fill={up(region) === null ? "#9a6700" : up(region) ? "#1a7f37" : "#b42318"} />
          <text x={x(i) + 30} y={27} fontWeight={700} fontSize={15}>
            {region.displayName}
          </text>
          <text x={x(i) + 16} y={46} fontSize={11} fill="#5b6470">
            {region.name} · {up(region) === null ? "not checked yet" : up(region) ? `up, ${region.health.clusterLatencyMs} ms` : "DOWN"}
          </text>
          {ROWS.map((row, r) => {
            const n = countOf(region, row.key);
            return (
              <g key={row.key} transform={`translate(${x(i) + 12}, ${BAR_TOP + r * BAR})`}>
                <rect width={COLUMN - 24} height={BAR - 8} rx={5} fill="#f0f0f0" />
                <rect width={n ? Math.max(4, ((COLUMN - 24) * n) / most) : 0} height={BAR - 8} rx={5} fill={`${TONE[row.key]}40`} stroke={TONE[row.key]} />
                <text x={8} y={13} fontSize={12}>
                  {row.label}
                </text>
                <text x={COLUMN - 32} y={13} fontSize={12} fontWeight={700} textAnchor="end">
                  {n}
                </text>
              </g>
            );
          })}
        </g>
      ))}
      {pairs.map((pair, k) => {
        const y = BAR_TOP + ROWS.length * BAR + 28 + k * 18;
        const rightwards = pair.to > pair.from;
        const fromX = x(pair.from) + COLUMN / 2;
        const toX = rightwards ? x(pair.to) + 12 : x(pair.to) + COLUMN - 12;
        return (
          <g key={`${pair.from}-${pair.to}`}>
            <path d={`M ${fromX} ${BAR_TOP + ROWS.length * BAR + 12} L ${fromX} ${y} L ${toX} ${y}`} stroke={TONE.DR} strokeDasharray="4 3" fill="none" markerEnd="url(#arrow)" />
            <text x={(fromX + toX) / 2} y={y - 4} fontSize={11} textAnchor="middle" fill={TONE.DR}>
              {pair.n} DR → {regions[pair.to]!.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
