"use client";

import { useState } from "react";
import { ExpandableSection } from "@patternfly/react-core";

/** An audit event's stored before/after, folded away under its sentence until someone asks. */
export function RecordedData({ json }: { json: string }) {
  const [open, setOpen] = useState(false);
  return (
    <ExpandableSection toggleText={open ? "Hide the recorded data" : "Show the recorded data"} isExpanded={open} onToggle={(_event, next) => setOpen(next)} isIndented>
      <pre className="mono audit-detail">{json}</pre>
    </ExpandableSection>
  );
}
