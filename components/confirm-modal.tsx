"use client";

import { Alert, Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, Modal, ModalBody, ModalFooter, ModalHeader, TextInput } from "@patternfly/react-core";
import { useId, useState, useTransition } from "react";

export interface ConfirmResult {
  error: string;
}

/**
 * The last step of every guarded action, as the OpenShift console asks before deleting a project:
 * a modal that says what will happen and unlocks its button only when the name is typed exactly
 * (no trimming: "books " is not "books"). The server checks the name again.
 */
export function ConfirmModal({
  isOpen,
  onClose,
  title,
  word,
  verb,
  danger,
  children,
  onConfirm,
}: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  /** What has to be typed: the application's or the region's name. */
  word: string;
  /** The button's words: "Fail over books to Europe East". */
  verb: string;
  danger?: boolean;
  /** What will happen, in a sentence or two. */
  children: React.ReactNode;
  /** Does the work; a result means it was refused, and the modal stays open to say why. */
  onConfirm: (confirmation: string) => Promise<ConfirmResult | null>;
}) {
  const [typed, setTyped] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = useId();
  const matches = typed === word;
  const close = () => {
    if (pending) return;
    setTyped("");
    setRefusal(null);
    onClose();
  };
  return (
    <Modal variant="small" isOpen={isOpen} onClose={close} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
      <ModalHeader title={title} labelId={`${id}-title`} titleIconVariant={danger ? "warning" : "info"} />
      <ModalBody id={`${id}-body`}>
        <div className="card-gap">{children}</div>
        <Form
          id={`${id}-form`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!matches) return;
            startTransition(async () => {
              const result = await onConfirm(typed);
              if (result) setRefusal(result.error);
            });
          }}
        >
          <FormGroup label={`Type ${word} to confirm`} isRequired fieldId={`${id}-confirmation`}>
            <TextInput
              id={`${id}-confirmation`}
              autoComplete="off"
              spellCheck={false}
              autoFocus
              value={typed}
              onChange={(_event, value) => setTyped(value)}
              validated={matches ? "success" : "default"}
              data-testid="confirm-name"
              aria-describedby={`${id}-confirmation-help`}
            />
            <FormHelperText>
              <HelperText id={`${id}-confirmation-help`}>
                <HelperTextItem>{matches ? "The name matches." : "The button unlocks when the name matches exactly."}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {refusal && <Alert variant="danger" isInline title={refusal} role="alert" />}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form={`${id}-form`} variant={danger ? "danger" : "primary"} isDisabled={pending || !matches} isLoading={pending}>
          {pending ? "Starting…" : verb}
        </Button>
        <Button variant="link" onClick={close} isDisabled={pending}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
