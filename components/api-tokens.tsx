"use client";

import { ActionGroup, Alert, Button, ClipboardCopy, EmptyState, EmptyStateBody, Form, FormGroup, Label, TextInput } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createApiTokenAction } from "@/lib/actions/api-tokens/create-api-token";
import { revokeApiTokenAction } from "@/lib/actions/api-tokens/revoke-api-token";
import { utcMinute } from "@/lib/format-time";
import { FieldError } from "./field-error";
import { Panel } from "@/components/panel";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = ["Name", "Starts with", "Created", "Last used"] as const;

/** A person's API tokens: create one (shown once, to copy), see when each was last used, revoke it. */
export function ApiTokens({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Panel>
        <Form
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await createApiTokenAction({ name });
              setNameError(result.ok ? null : (result.fieldErrors?.name?.[0] ?? null));
              setError(result.ok || result.fieldErrors?.name ? null : result.error);
              if (!result.ok) return;
              setCreated({ name: result.data.name, token: result.data.token });
              setName("");
              router.refresh();
            });
          }}
        >
          <FormGroup label="New token for" fieldId="token-name">
            <TextInput id="token-name" value={name} onChange={(_e, value) => setName(value)} placeholder="release pipeline of books" maxLength={80} validated={nameError ? "error" : "default"} aria-describedby={nameError ? "error-name" : undefined} />
            <FieldError field="name" message={nameError ?? undefined} />
          </FormGroup>
          {error && <Alert variant="danger" isInline title={error} role="alert" />}
          <ActionGroup>
            <Button type="submit" isDisabled={pending} isLoading={pending}>
              Create token
            </Button>
          </ActionGroup>
          {created && (
            <Alert variant="warning" isInline title={`Copy the token for “${created.name}” now: it is not shown again.`} role="status">
              <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" data-testid="new-token" textAriaLabel={`The token for ${created.name}`}>
                {created.token}
              </ClipboardCopy>
            </Alert>
          )}
        </Form>
      </Panel>
      <Panel as="section">
        {tokens.length === 0 ? (
          <EmptyState titleText="No token yet" headingLevel="h2" variant="sm">
            <EmptyStateBody>A token is shown once when you create it; afterwards only its first characters are.</EmptyStateBody>
          </EmptyState>
        ) : (
          <Table aria-label="Your API tokens" variant="compact" data-testid="api-tokens">
            <Thead>
              <Tr>
                {COLUMNS.map((column) => (
                  <Th key={column}>{column}</Th>
                ))}
                <Th screenReaderText="Revoke" />
              </Tr>
            </Thead>
            <Tbody>
              {tokens.map((t) => (
                <Tr key={t.id} data-testid={`token-${t.name}`}>
                  <Td dataLabel="Name">{t.name}</Td>
                  <Td dataLabel="Starts with" className="mono">
                    {t.prefix}…
                  </Td>
                  <Td dataLabel="Created">{utcMinute(new Date(t.createdAt))}</Td>
                  <Td dataLabel="Last used">{t.lastUsedAt ? utcMinute(new Date(t.lastUsedAt)) : "never"}</Td>
                  <Td dataLabel="Revoke" isActionCell>
                    {t.revokedAt ? (
                      <Label isCompact>revoked</Label>
                    ) : (
                      <Button variant="danger" size="sm" isDisabled={pending} onClick={() => startTransition(async () => void (await revokeApiTokenAction({ tokenId: t.id }), router.refresh()))}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Panel>
    </>
  );
}
