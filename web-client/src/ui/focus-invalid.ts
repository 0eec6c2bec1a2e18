/**
 * Moves focus to the first field marked invalid once the errors have been
 * rendered, so that keyboard and screen-reader users land on what to fix.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
