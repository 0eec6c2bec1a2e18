import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  /** The last answer; kept while a reload or refresh is under way, so the page does not flash. */
  data?: T;
  /** When `data` arrived (ms since the epoch). */
  loadedAt?: number;
  /** The last failure; cleared by the next success. */
  error?: unknown;
  loading: boolean;
}

/** Milliseconds until the next refresh after an answer; undefined for none. */
export type RefreshAfter<T> = (data: T) => number | undefined;

/**
 * Loads data for a page, again whenever `deps` change or `reload()` is called,
 * and, while the tab is visible, after the delay `refreshAfter` gives for the
 * last answer. A newer load aborts the older.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  refreshAfter?: RefreshAfter<T>,
): Resource<T> & { reload: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ loading: true });
  const [version, setVersion] = useState(0);
  // The latest closures, without making every render a new load.
  const loadRef = useRef(load);
  const refreshRef = useRef(refreshAfter);
  loadRef.current = load;
  refreshRef.current = refreshAfter;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (delay: number | undefined): void => {
      if (delay !== undefined && !controller.signal.aborted) timer = setTimeout(() => tick(delay), delay);
    };
    const run = async (): Promise<void> => {
      setResource((previous) => ({ ...previous, loading: true }));
      let next: number | undefined;
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setResource({ data, loadedAt: Date.now(), loading: false });
        next = refreshRef.current?.(data);
      } catch (error) {
        if (controller.signal.aborted) return;
        setResource((previous) => ({ ...previous, error, loading: false }));
        // Keep refreshing through a blip, at the pace the last good answer asked for.
        next = lastDelay;
      }
      lastDelay = next;
      schedule(next);
    };
    let lastDelay: number | undefined;
    const tick = (delay: number): void => {
      if (document.visibilityState === 'visible') void run();
      else schedule(delay);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...resource, reload };
}
