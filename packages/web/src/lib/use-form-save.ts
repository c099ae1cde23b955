import type { FormInstance } from 'antd';
import { useSubmit } from './use-submit';

/**
 * Saving an edit form: the form is validated first (antd marks the fields and nothing is sent),
 * then `save` runs with its values through `useSubmit`, busy meanwhile. A failure that
 * `placeField` puts beside its field (answering true) is not repeated; any other is kept as text
 * to show above the form.
 */
export function useFormSave<T>(
  form: FormInstance<T>,
  save: (values: T) => Promise<void>,
  placeField?: (error: unknown) => boolean,
) {
  const submission = useSubmit<T>(async (values) => {
    try {
      await save(values);
    } catch (e) {
      if (!placeField?.(e)) throw e;
    }
  });
  const run = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    await submission.submit(values);
  };
  return { saving: submission.busy, error: submission.error, save: run };
}
