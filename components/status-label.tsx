"use client";

import { Label } from "@patternfly/react-core";

export type Tone = "" | "ok" | "warn" | "bad";

// One mapping from the portal's tones to PatternFly's status labels (colour and icon, so the state
// reads without colour too), wherever a state is shown.
const STATUS = { ok: "success", warn: "warning", bad: "danger" } as const;

export function StatusLabel({ tone, children, testId, title }: { tone: Tone; children: React.ReactNode; testId?: string; title?: string }) {
  return (
    <Label isCompact status={tone ? STATUS[tone] : undefined} color={tone ? undefined : "grey"} data-testid={testId} title={title}>
      {children}
    </Label>
  );
}
