import { useEffect, useState } from 'preact/hooks';
import type { RoomClient } from './room-client.js';
import type { RoomSnapshot } from './room-state.js';

/** The room's current snapshot, re-rendering the component on every change. */
export function useRoom(client: RoomClient): RoomSnapshot {
  const [snapshot, setSnapshot] = useState(client.snapshot);
  useEffect(() => {
    setSnapshot(client.snapshot);
    return client.subscribe(setSnapshot);
  }, [client]);
  return snapshot;
}
