// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { errorText, fieldPath, serverFieldError } from './form-errors';

describe('serverFieldError', () => {
  it('turns the server’s field into a form path with the server’s message', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', '输入无效：手机号', { field: 'contacts.1.mobile' });
    expect(serverFieldError(error, ['name', 'contacts'])).toEqual({
      name: ['contacts', 1, 'mobile'],
      errors: ['输入无效：手机号'],
    });
    expect(fieldPath('uscc')).toEqual(['uscc']);
  });

  it('answers null for a field the form does not have, or an error without one', () => {
    expect(serverFieldError(new ApiError(409, 'CONFLICT', 'x', { field: 'username' }), ['name'])).toBeNull();
    expect(serverFieldError(new ApiError(500, 'INTERNAL', 'x'), ['name'])).toBeNull();
    expect(serverFieldError(new Error('boom'), ['name'])).toBeNull();
    expect(errorText(new Error('boom'))).toBe('boom');
  });
});
