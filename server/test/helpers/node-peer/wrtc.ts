import wrtc from '@roamhq/wrtc';
import type { types } from 'mediasoup-client';
import { Chrome111 } from 'mediasoup-client/handlers/Chrome111';

/*
 * Typed slice of @roamhq/wrtc. Its own .d.ts re-exports DOM types, which the
 * Node-only tsconfig (no "dom" lib) cannot see, so the few members the peer
 * uses are declared here.
 */

export interface WrtcTrack {
  readonly id: string;
  readonly kind: string;
  enabled: boolean;
  stop(): void;
}

export interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface VideoSource {
  createTrack(): WrtcTrack;
  onFrame(frame: I420Frame): void;
}

export interface AudioFrame {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

export interface AudioSource {
  createTrack(): WrtcTrack;
  onData(frame: AudioFrame): void;
}

export interface VideoSink {
  onframe: ((event: { frame: I420Frame }) => void) | null;
  stop(): void;
}

export interface AudioSink {
  ondata: ((data: AudioFrame) => void) | null;
  stop(): void;
}

interface Nonstandard {
  RTCVideoSource: new (init?: { isScreencast?: boolean }) => VideoSource;
  RTCAudioSource: new () => AudioSource;
  RTCVideoSink: new (track: WrtcTrack) => VideoSink;
  RTCAudioSink: new (track: WrtcTrack) => AudioSink;
}

const api = wrtc as unknown as { nonstandard: Nonstandard; RTCPeerConnection: unknown; MediaStream: unknown };

export const nonstandard: Nonstandard = api.nonstandard;

/** mediasoup-client's view of a track (a browser MediaStreamTrack); a wrtc track is one at runtime. */
export type ClientTrack = NonNullable<types.ProducerOptions['track']>;

export function asClientTrack(track: WrtcTrack): ClientTrack {
  return track as unknown as ClientTrack;
}

export function asWrtcTrack(track: ClientTrack): WrtcTrack {
  return track as unknown as WrtcTrack;
}

const WRTC_GLOBALS = { RTCPeerConnection: api.RTCPeerConnection, MediaStream: api.MediaStream } as const;

/**
 * Runs `fn` with wrtc's RTCPeerConnection and MediaStream installed as globals,
 * then restores whatever was there. The Chrome111 handler reads these globals
 * only synchronously (in its constructor and at the start of
 * getNativeRtpCapabilities), so the rest of the process never sees them.
 */
function withWrtcGlobals<T>(fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const saved = Object.keys(WRTC_GLOBALS).map((name) => [name, Object.hasOwn(g, name), g[name]] as const);
  Object.assign(g, WRTC_GLOBALS);
  try {
    return fn();
  } finally {
    for (const [name, had, value] of saved) {
      if (had) g[name] = value;
      else delete g[name];
    }
  }
}

/**
 * mediasoup-client's Chrome111 handler (unified plan, rid-based simulcast),
 * which matches libwebrtc M106 inside wrtc 0.10, bound to wrtc.
 */
export function wrtcHandlerFactory(): types.HandlerFactory {
  const chrome = Chrome111.createFactory();
  return {
    name: `${chrome.name}+wrtc`,
    factory: (options) => withWrtcGlobals(() => chrome.factory(options)),
    getNativeRtpCapabilities: (options) => withWrtcGlobals(() => chrome.getNativeRtpCapabilities(options)),
    getNativeSctpCapabilities: () => chrome.getNativeSctpCapabilities(),
  };
}
