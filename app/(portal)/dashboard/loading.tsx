"use client";

import { Bullseye, Spinner } from "@patternfly/react-core";

/**
 * Shown inside the frame while this list reads its regions and database. Only on pages that never
 * answer 404: a page that streams before it knows would answer a missing thing with 200.
 */
export default function Loading() {
  return (
    <Bullseye style={{ minHeight: "40vh" }}>
      <Spinner aria-label="Loading the page" />
    </Bullseye>
  );
}
