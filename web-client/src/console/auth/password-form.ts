export interface PasswordFormValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type PasswordFieldError =
  | 'required'
  | 'passwordTooShort'
  | 'passwordTooLong'
  | 'passwordMismatch'
  | 'passwordSame'
  /** From the server (403), not from these checks. */
  | 'currentPasswordWrong';

export type PasswordFormErrors = Partial<Record<keyof PasswordFormValues, PasswordFieldError>>;

/** The server's rules (10–256 characters, not the current one), checked before sending. */
export function validatePasswordForm(values: PasswordFormValues): PasswordFormErrors {
  const errors: PasswordFormErrors = {};
  if (!values.currentPassword) errors.currentPassword = 'required';
  if (values.newPassword.length < 10) errors.newPassword = 'passwordTooShort';
  else if (values.newPassword.length > 256) errors.newPassword = 'passwordTooLong';
  else if (values.newPassword === values.currentPassword) errors.newPassword = 'passwordSame';
  if (values.confirmPassword !== values.newPassword) errors.confirmPassword = 'passwordMismatch';
  return errors;
}
