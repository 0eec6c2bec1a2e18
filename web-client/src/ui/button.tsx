import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Variant = 'primary' | 'secondary' | 'danger' | 'quiet';

export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class'> & {
  variant?: Variant;
  /** Waiting for the server: the button is disabled and says so to assistive technology. */
  busy?: boolean;
  children: ComponentChildren;
};

/** A button that is never a form submit by accident (`type` defaults to "button"). */
export function Button({
  variant = 'secondary',
  busy = false,
  type = 'button',
  disabled,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`btn btn-${variant}`}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
    />
  );
}
