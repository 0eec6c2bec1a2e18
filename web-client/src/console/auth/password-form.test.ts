import { describe, expect, it } from 'vitest';
import { validatePasswordForm } from './password-form.js';

describe('validatePasswordForm', () => {
  it('accepts a new password of 10 characters or more, typed twice', () => {
    expect(
      validatePasswordForm({
        currentPassword: 'old-password',
        newPassword: 'mật-khẩu-mới',
        confirmPassword: 'mật-khẩu-mới',
      }),
    ).toEqual({});
  });

  it('names each problem on its field', () => {
    expect(
      validatePasswordForm({ currentPassword: '', newPassword: 'short', confirmPassword: 'shirt' }),
    ).toEqual({
      currentPassword: 'required',
      newPassword: 'passwordTooShort',
      confirmPassword: 'passwordMismatch',
    });
    expect(
      validatePasswordForm({
        currentPassword: 'same-password',
        newPassword: 'same-password',
        confirmPassword: 'same-password',
      }),
    ).toEqual({ newPassword: 'passwordSame' });
    const long = 'x'.repeat(257);
    expect(validatePasswordForm({ currentPassword: 'a', newPassword: long, confirmPassword: long })).toEqual({
      newPassword: 'passwordTooLong',
    });
  });
});
