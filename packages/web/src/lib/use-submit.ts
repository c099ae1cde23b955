import { useState } from 'react';
import { errorText } from './form-errors';

/**
 * A dialog form's submission: busy while `run` works, and the server's refusal kept as text for
 * the form to show (in the user's language), cleared on the next try or by `reset` (a cancelled dialog).
 */
export function useSubmit<T>(run: (values: T) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      await run(values);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit, reset: () => setError(null) };
}
