import { HelperText, HelperTextItem } from "@patternfly/react-core";

export interface InlineMessageValue {
  ok: boolean;
  text: string;
}

/** What a small action just did, beside its button: announced politely when it worked, at once when it did not. Used inside client components. */
export function InlineMessage({ message, testId }: { message: InlineMessageValue | null; testId?: string }) {
  if (!message) return null;
  return (
    <HelperText role={message.ok ? "status" : "alert"} data-testid={testId}>
      <HelperTextItem variant={message.ok ? "success" : "error"} screenReaderText="">
        {message.text}
      </HelperTextItem>
    </HelperText>
  );
}
