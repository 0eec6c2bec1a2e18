import { useEffect, useRef, useState } from 'preact/hooks';
import type { RoomClient } from '../../room/room-client.js';
import { gradeQuality, type Quality, type StatsSample } from './quality.js';

const QUALITY_POLL_MS = 3_000;

export interface QualityTarget {
  peerId: string;
  /** Some of its media is sending (not paused): packets should arrive. */
  media: boolean;
  /** Its picture is shown: frames should arrive. */
  video: boolean;
}

/** The link quality of the visible tiles' points, from their received stats every three seconds. */
export function useQuality(client: RoomClient, targets: readonly QualityTarget[]): Record<string, Quality> {
  const [grades, setGrades] = useState<Record<string, Quality>>({});
  // Read at each tick, so that a paused camera does not restart the polling.
  const current = useRef(targets);
  current.current = targets;
  const key = targets.map((t) => t.peerId).join(' ');
  useEffect(() => {
    const previous = new Map<string, StatsSample>();
    let stopped = false;
    const tick = async () => {
      const next: Record<string, Quality> = {};
      for (const target of current.current) {
        try {
          const sample = await client.receivedStats(target.peerId);
          next[target.peerId] = gradeQuality(previous.get(target.peerId), sample, target);
          previous.set(target.peerId, sample);
        } catch {
          next[target.peerId] = 'unknown';
        }
      }
      if (!stopped) setGrades(next);
    };
    // A first sample at once: the first grade then comes one interval later.
    void tick();
    const timer = setInterval(() => void tick(), QUALITY_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, key]);
  return grades;
}
