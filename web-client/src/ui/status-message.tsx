import type { ComponentChildren } from 'preact';

interface StatusMessageProps {
  kind?: 'info' | 'success' | 'error';
  children: ComponentChildren;
}

/** Errors interrupt (role="alert"); progress and success are announced politely. */
export function StatusMessage({ kind = 'info', children }: StatusMessageProps) {
  return (
    <div class={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
