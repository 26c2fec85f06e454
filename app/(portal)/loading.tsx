"use client";

import { Bullseye, Spinner } from "@patternfly/react-core";

/** Shown inside the frame while a page reads its regions and database. */
export default function Loading() {
  return (
    <Bullseye style={{ minHeight: "40vh" }}>
      <Spinner aria-label="Loading the page" />
    </Bullseye>
  );
}
