"use client";

import { Alert, Card, CardBody, EmptyState, EmptyStateBody, HelperText, HelperTextItem } from "@patternfly/react-core";
import type { HTMLAttributes, ReactNode } from "react";

// The blocks a page is made of, on PatternFly: a card for each part of a page, an inline alert for
// what a person must notice before acting, an empty state where a list has nothing, and helper
// text for a problem shown inside a table or a line. Pages (server components) pass plain props.

type BlockProps = Omit<HTMLAttributes<HTMLElement>, "title"> & { "data-testid"?: string };

/** One part of a page on a PatternFly card; a `section` keeps its landmark and label. */
export function Panel({ as = "div", danger = false, children, className, ...rest }: BlockProps & { as?: "section" | "div"; danger?: boolean; children: ReactNode }) {
  return (
    <Card component={as} className={[danger ? "danger-zone" : "", "card-gap", className ?? ""].filter(Boolean).join(" ")} {...rest}>
      <CardBody>{children}</CardBody>
    </Card>
  );
}

/**
 * What a person must notice before acting (a blocker, a fence, a refusal), or what just worked:
 * PatternFly's inline alert, whose icon says its kind without colour.
 */
export function Notice({ tone = "warning", title, titleLevel = "h2", children, ...rest }: BlockProps & { tone?: "warning" | "danger" | "success" | "info"; title: ReactNode; titleLevel?: "h1" | "h2" | "h3"; children?: ReactNode }) {
  return (
    <Alert variant={tone} isInline title={title} component={titleLevel} className="card-gap" {...rest}>
      {children}
    </Alert>
  );
}

/** A list with nothing in it, and why, or what to do. */
export function EmptyNote({ children, ...rest }: BlockProps & { children: ReactNode }) {
  return (
    <EmptyState variant="xs" {...rest}>
      <EmptyStateBody>{children}</EmptyStateBody>
    </EmptyState>
  );
}

/** A problem (or a success) inside a line or a table cell: PatternFly's helper text, with its icon. */
export function StatusText({ tone = "error", children, ...rest }: BlockProps & { tone?: "error" | "success" | "warning"; children: ReactNode }) {
  return (
    <HelperText component="div" {...rest}>
      <HelperTextItem variant={tone}>{children}</HelperTextItem>
    </HelperText>
  );
}
