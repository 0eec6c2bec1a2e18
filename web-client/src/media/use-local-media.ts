import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  listDevices,
  mediaSupported,
  openCamera,
  openMic,
  type DeviceLists,
  type DeviceRequest,
} from './capture.js';
import { pageMediaAccess } from './media-access.js';
import { mediaErrorCode, type MediaErrorCode } from './media-errors.js';

export type LocalKind = 'camera' | 'mic';

export interface LocalSourceState {
  track: MediaStreamTrack | null;
  error: MediaErrorCode | null;
  /** Opening, the first time or after another device was chosen. */
  opening: boolean;
  /** The device the track comes from, or the one asked for. */
  deviceId: string | null;
}

export interface LocalMedia {
  camera: LocalSourceState;
  mic: LocalSourceState;
  devices: DeviceLists;
  chooseCamera: (deviceId: string) => void;
  chooseMic: (deviceId: string) => void;
  /** Asks for both devices again (after the user allowed access in the browser's settings). */
  retry: () => void;
}

const storageKey = (kind: LocalKind) => `diemcau.device.${kind}`;

/** The device chosen on this computer last time: halls reopen the page with the same equipment. */
function remembered(kind: LocalKind): DeviceRequest | null {
  try {
    const deviceId = localStorage.getItem(storageKey(kind));
    return deviceId ? { deviceId, exact: false } : null;
  } catch {
    return null;
  }
}

function remember(kind: LocalKind, deviceId: string): void {
  try {
    localStorage.setItem(storageKey(kind), deviceId);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}

function useLocalSource(kind: LocalKind, enabled: boolean, attempt: number, onOpened: () => void) {
  const [request, setRequest] = useState<DeviceRequest | null>(() => remembered(kind));
  const [state, setState] = useState<LocalSourceState>({
    track: null,
    error: null,
    opening: enabled,
    deviceId: request?.deviceId ?? null,
  });
  useEffect(() => {
    if (!enabled) {
      setState((s) => (s.track ? { ...s, track: null, opening: false } : s));
      return;
    }
    if (!mediaSupported()) {
      const access = pageMediaAccess();
      setState({
        track: null,
        error: access === 'insecure' ? 'insecure' : 'unsupported',
        opening: false,
        deviceId: null,
      });
      return;
    }
    let cancelled = false;
    let track: MediaStreamTrack | null = null;
    setState((s) => ({ ...s, opening: true, deviceId: request?.deviceId ?? s.deviceId }));
    (kind === 'camera' ? openCamera : openMic)(request).then(
      (opened) => {
        if (cancelled) {
          opened.stop();
          return;
        }
        track = opened;
        const deviceId = opened.getSettings().deviceId ?? request?.deviceId ?? null;
        if (deviceId) remember(kind, deviceId);
        opened.addEventListener('ended', () => {
          if (!cancelled) setState((s) => ({ ...s, track: null, error: 'ended' }));
        });
        setState({ track: opened, error: null, opening: false, deviceId });
        onOpened();
      },
      (error: unknown) => {
        if (!cancelled)
          setState((s) => ({ ...s, track: null, error: mediaErrorCode(error), opening: false }));
      },
    );
    return () => {
      cancelled = true;
      // Stopped before the next one opens: some cameras cannot be opened twice.
      track?.stop();
    };
    // `onOpened` only refreshes the device lists; a new closure must not reopen the device.
  }, [kind, enabled, request, attempt]);
  const choose = useCallback((deviceId: string) => setRequest({ deviceId, exact: true }), []);
  return { state, choose };
}

/**
 * The page's own camera and microphone: opened while `enabled`, stopped when
 * it turns false or the component goes away. The page hands the tracks to the
 * RoomClient; they stay the page's (choosing another device replaces them).
 */
export function useLocalMedia(enabled: boolean): LocalMedia {
  const [attempt, setAttempt] = useState(0);
  const [devices, setDevices] = useState<DeviceLists>({ cameras: [], mics: [] });
  // Labels appear only once access is granted, so the lists are read again after each opening.
  const refresh = useCallback(() => {
    listDevices().then(setDevices, () => undefined);
  }, []);
  const camera = useLocalSource('camera', enabled, attempt, refresh);
  const mic = useLocalSource('mic', enabled, attempt, refresh);
  useEffect(() => {
    if (!enabled || !mediaSupported()) return;
    refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, [enabled, refresh]);
  return {
    camera: camera.state,
    mic: mic.state,
    devices,
    chooseCamera: camera.choose,
    chooseMic: mic.choose,
    retry: useCallback(() => setAttempt((a) => a + 1), []),
  };
}
