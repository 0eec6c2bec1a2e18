import type { ErrorData } from 'hls.js';
import { classifyHlsError, classifyPlaylist, type PlaylistReading } from './stream-signals.js';

/** hls.js over Media Source Extensions, or the browser's own HLS (iPhone Safari before MSE). */
export type PlaybackMode = 'mse' | 'native';

export function playbackMode(video: HTMLVideoElement): PlaybackMode | null {
  const source =
    (globalThis as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource ?? globalThis.MediaSource;
  if (source?.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"')) return 'mse';
  return video.canPlayType('application/vnd.apple.mpegurl') ? 'native' : null;
}

/** Fetches the playlist before handing it to a player, which could not tell "not on air" from "broken". */
export async function probePlaylist(url: string, headers: Record<string, string>): Promise<PlaylistReading> {
  try {
    const res = await fetch(url, { cache: 'no-store', headers, signal: AbortSignal.timeout(8_000) });
    return classifyPlaylist(res.status, res.ok ? await res.text() : '');
  } catch {
    return 'failed';
  }
}

export interface StreamHandlers {
  /** The playlist went away: the broadcast stopped. */
  missing(): void;
  /** Anything else the player cannot get past. */
  failed(): void;
}

export interface AttachedStream {
  destroy(): void;
}

/** Plays `url` in `video`; the caller starts playback and watches progress. */
export async function attachStream(
  video: HTMLVideoElement,
  url: string,
  mode: PlaybackMode,
  headers: Record<string, string>,
  handlers: StreamHandlers,
): Promise<AttachedStream> {
  return mode === 'mse' ? attachHlsJs(video, url, headers, handlers) : attachNative(video, url, handlers);
}

async function attachHlsJs(
  video: HTMLVideoElement,
  url: string,
  headers: Record<string, string>,
  handlers: StreamHandlers,
): Promise<AttachedStream> {
  // A separate chunk that phones on native HLS never download; the light build is all a live stream needs.
  const { default: Hls } = await import('hls.js/light');
  const hls = new Hls({
    // Stay two segments behind the live edge, and catch up by playing faster rather than by jumping.
    lowLatencyMode: true,
    liveSyncDurationCount: 2,
    liveMaxLatencyDurationCount: 6,
    maxLiveSyncPlaybackRate: 1.25,
    backBufferLength: 10,
    xhrSetup: (xhr) => {
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    },
  });
  let lastMediaRecoveryAt: number | undefined;
  hls.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
    const now = performance.now();
    const action = classifyHlsError(
      { fatal: data.fatal, type: data.type, details: data.details, status: data.response?.code },
      lastMediaRecoveryAt,
      now,
    );
    if (action === 'recoverMedia') {
      lastMediaRecoveryAt = now;
      hls.recoverMediaError();
    } else if (action === 'missing') {
      handlers.missing();
    } else if (action === 'failed') {
      handlers.failed();
    }
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return { destroy: () => hls.destroy() };
}

function attachNative(video: HTMLVideoElement, url: string, handlers: StreamHandlers): AttachedStream {
  const onError = (): void => handlers.failed();
  video.addEventListener('error', onError);
  video.src = url;
  return {
    destroy: () => {
      video.removeEventListener('error', onError);
      video.removeAttribute('src');
      video.load();
    },
  };
}
