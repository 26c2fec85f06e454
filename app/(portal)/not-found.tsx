"use client";

import { EmptyState, EmptyStateBody, EmptyStateFooter } from "@patternfly/react-core";
import SearchIcon from "@patternfly/react-icons/dist/esm/icons/search-icon";
import Link from "next/link";

/** A missing application, order, run or region, inside the frame (answered 404). */
export default function NotFound() {
  return (
    <EmptyState titleText="Not found" headingLevel="h1" icon={SearchIcon}>
      <EmptyStateBody>There is nothing at this address: it may have been retired, or the link has a typo. Applications, orders and runs are listed from the home page.</EmptyStateBody>
      <EmptyStateFooter>
        <Link href="/">Go home</Link>
      </EmptyStateFooter>
    </EmptyState>
  );
}
