"use client";

import { Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter } from "@patternfly/react-core";
import ExclamationCircleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon";
import Link from "next/link";

/**
 * A page that failed on the server, inside the frame: what to do next, and the reference a person
 * can quote to the platform team (the server log has the whole error under that digest).
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState titleText="This page could not be shown" headingLevel="h1" icon={ExclamationCircleIcon} status="danger">
      <EmptyStateBody>
        Nothing was changed by this error. Try again; if it keeps failing, send the platform team this reference:{" "}
        <strong className="mono" data-testid="error-reference">
          {error.digest ?? "none (the error happened in the browser)"}
        </strong>
      </EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Button variant="primary" onClick={reset}>
            Try again
          </Button>
          <Link href="/">Go home</Link>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}
