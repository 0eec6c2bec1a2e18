import { useEffect, useRef, useState } from 'preact/hooks';

/** The time now, ticking every second while `running`: for clocks and countdowns counted here. */
export function useNow(running: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/** When `value` (by identity) arrived here: a status's relative times count from then. */
export function useArrivalTime(value: unknown): number {
  const seen = useRef({ value, at: Date.now() });
  if (seen.current.value !== value) seen.current = { value, at: Date.now() };
  return seen.current.at;
}
