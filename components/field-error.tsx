/** A field's error under it, announced, with the id its input's aria-describedby points at. */
export function FieldError({ field, message }: { field: string; message: string | undefined }) {
  return message ? (
    <div className="error" id={`error-${field}`} role="alert">
      {message}
    </div>
  ) : null;
}
