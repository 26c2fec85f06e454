import { FormHelperText, HelperText, HelperTextItem } from "@patternfly/react-core";

/** A field's error under it, announced, with the id its input's aria-describedby points at. Used inside client forms. */
export function FieldError({ field, message }: { field: string; message: string | undefined }) {
  return message ? (
    <FormHelperText>
      <HelperText id={`error-${field}`} role="alert">
        <HelperTextItem variant="error" screenReaderText="">{message}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;
}
