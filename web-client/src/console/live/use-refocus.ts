import { useEffect, useRef } from 'preact/hooks';

/**
 * A button is disabled while its request runs, and the browser then drops its
 * keyboard focus to the page. Once the request is over, focus goes back to the
 * first button of the returned container (by then, start has turned to stop).
 */
export function useRefocus<E extends HTMLElement>(busy: boolean) {
  const ref = useRef<E>(null);
  const held = useRef(false);
  // Read while rendering the busy state, before the DOM disables the button that has focus.
  if (busy && ref.current?.contains(document.activeElement)) held.current = true;
  useEffect(() => {
    if (busy || !held.current) return;
    held.current = false;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) ref.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [busy]);
  return ref;
}
