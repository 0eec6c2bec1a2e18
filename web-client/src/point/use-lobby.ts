import { useEffect, useState } from 'preact/hooks';
import { joinConference } from '../api/join.js';
import { lobbyAfter, nextCheckMs, type CheckResult, type Lobby } from './lobby.js';

/** Asks POST /api/join about the link while `active` (outside the room), again as nextCheckMs says. */
export function useLobby(linkToken: string | null, active: boolean): Lobby {
  const [lobby, setLobby] = useState<Lobby>({ kind: 'checking' });
  useEffect(() => {
    if (!linkToken || !active) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: Lobby = { kind: 'checking' };
    setLobby(current);
    const check = async (): Promise<void> => {
      let result: CheckResult;
      try {
        result = { ok: true, join: await joinConference(linkToken, controller.signal) };
      } catch (error) {
        result = { ok: false, error };
      }
      if (controller.signal.aborted) return;
      current = lobbyAfter(current, result);
      setLobby(current);
      const delay = nextCheckMs(current);
      if (delay !== null) timer = setTimeout(() => void check(), delay);
    };
    void check();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [linkToken, active]);
  return lobby;
}
