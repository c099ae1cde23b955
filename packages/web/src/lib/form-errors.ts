import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** A server field such as `contacts.0.mobile` as an antd form name path: `['contacts', 0, 'mobile']`. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The server's 400/409 answer as an error to show beside its field, when the form has that field
 * (the first segment of the path is one of `known`); otherwise null, and the caller shows the
 * message as a whole-form error.
 */
export function serverFieldError(
  error: unknown,
  known: readonly string[],
): { name: (string | number)[]; errors: string[] } | null {
  if (!(error instanceof ApiError) || typeof error.body['field'] !== 'string') return null;
  const name = fieldPath(error.body['field']);
  if (!known.includes(String(name[0]))) return null;
  return { name, errors: [error.message] };
}

/** The message of any failure, the server's own when it sent one. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Puts the server's error beside its field in `form` and answers true, or answers false when the
 * form has no such field (the caller then shows the message for the whole form).
 */
export function showFieldError<T>(form: FormInstance<T>, error: unknown, known: readonly string[]): boolean {
  const field = serverFieldError(error, known);
  if (!field) return false;
  form.setFields([field as Parameters<FormInstance<T>['setFields']>[0][number]]);
  return true;
}
