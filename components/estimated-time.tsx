import { formatDuration } from "@/lib/format-time";

/** An estimate as a tired person should read it: the likely time large, then the spread it was measured with and where it comes from. */
export function EstimatedTime({ seconds, low, high, basis, testId = "estimate" }: { seconds: number; low: number; high: number; basis: string; testId?: string }) {
  const spread = high > low ? `${formatDuration(low * 1000)} to ${formatDuration(high * 1000)} so far` : null;
  return (
    <div data-testid={testId}>
      <p className="big">About {formatDuration(seconds * 1000)}</p>
      {spread && <p data-testid={`${testId}-range`}>{spread}</p>}
      <p className="muted">{basis}</p>
    </div>
  );
}
