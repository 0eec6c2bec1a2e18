// A promise raced against a timer, for shutdown steps that must not
// wait forever.
/**
 * Settles like `promise`, or with `onTimeout()` if it has not settled within
 * `ms`. The pending promise is left to finish on its own.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
    timer.unref();
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}
