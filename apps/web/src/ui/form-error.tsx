/** A form's error line: announced at once (role alert), nothing when there is no error. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error}
    </p>
  );
}
