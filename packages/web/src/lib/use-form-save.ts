import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';

/**
 * Saving an edit form: the form is validated first (antd marks the fields and nothing is sent),
 * then `save` runs with its values, busy meanwhile. A failure that `placeField` puts beside its
 * field (answering true) is not repeated; any other is kept as text to show above the form.
 */
export function useFormSave<T>(
  form: FormInstance<T>,
  save: (values: T) => Promise<void>,
  placeField?: (error: unknown) => boolean,
) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await save(values);
    } catch (e) {
      if (!placeField?.(e)) setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, save: run };
}
