import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { openScreen } from '../../media/capture.js';
import { mediaErrorCode } from '../../media/media-errors.js';
import type { RoomClient } from '../../room/room-client.js';

/**
 * The host's screen share: a display track sent as the `screen` source. It
 * stops from the page's button or the browser's own "stop sharing".
 */
export function useScreenShare(client: RoomClient) {
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  const [failed, setFailed] = useState(false);
  const current = useRef<MediaStreamTrack | null>(null);

  const stop = useCallback(() => {
    const sharing = current.current;
    if (!sharing) return;
    current.current = null;
    setTrack(null);
    sharing.stop();
    client.setTrack('screen', null).catch(() => undefined);
  }, [client]);

  const start = useCallback(async () => {
    setFailed(false);
    let opened: MediaStreamTrack;
    try {
      opened = await openScreen();
    } catch (error) {
      // Closing the browser's picker is a choice, not a failure.
      if (mediaErrorCode(error) !== 'denied') setFailed(true);
      return;
    }
    current.current?.stop();
    current.current = opened;
    setTrack(opened);
    opened.addEventListener('ended', () => {
      if (current.current === opened) stop();
    });
    try {
      await client.setTrack('screen', opened);
    } catch {
      setFailed(true);
      stop();
    }
  }, [client, stop]);

  // Leaving the console ends the share.
  useEffect(() => () => current.current?.stop(), []);

  return { sharing: track !== null, failed, start, stop };
}
