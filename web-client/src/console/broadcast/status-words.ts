import type {
  DestinationState,
  LiveDestinationStatus,
  LiveState,
  RecordingLayout,
  RecordingStatus,
  StreamPlatform,
} from '@diemcau/protocol';
import type { Params } from '../../i18n/i18n.js';
import type { broadcastStrings } from './strings.js';

export type BroadcastKey = keyof (typeof broadcastStrings)['vi'];
type T = (key: BroadcastKey, params?: Params) => string;

export const RECORDING_STATUS_KEYS = {
  recording: 'recStatusRecording',
  finalising: 'recStatusFinalising',
  ready: 'recStatusReady',
  failed: 'recStatusFailed',
} as const satisfies Record<RecordingStatus, BroadcastKey>;

export const LIVE_STATE_KEYS = {
  starting: 'liveStateStarting',
  live: 'liveStateLive',
  recovering: 'liveStateRecovering',
  stopping: 'liveStateStopping',
  stopped: 'liveStateStopped',
  failed: 'liveStateFailed',
} as const satisfies Record<LiveState, BroadcastKey>;

export const DESTINATION_STATE_KEYS = {
  connecting: 'destConnecting',
  live: 'destLive',
  retrying: 'destRetrying',
  stopped: 'destStopped',
} as const satisfies Record<DestinationState, BroadcastKey>;

export const PLATFORM_KEYS = {
  facebook: 'platformFacebook',
  youtube: 'platformYoutube',
  rtmp: 'platformRtmp',
} as const satisfies Record<StreamPlatform, BroadcastKey>;

export const LAYOUT_KEYS = {
  speaker: 'layoutSpeaker',
  grid: 'layoutGrid',
} as const satisfies Record<RecordingLayout, BroadcastKey>;

/** A destination's state; a retry says when, once the countdown is known. */
export function destinationStateText(
  destination: Pick<LiveDestinationStatus, 'state'>,
  retryInSeconds: number | undefined,
  t: T,
): string {
  if (destination.state === 'retrying' && retryInSeconds !== undefined && retryInSeconds > 0) {
    return t('destRetryingIn', { seconds: retryInSeconds });
  }
  return t(DESTINATION_STATE_KEYS[destination.state]);
}

/** A failure the server or the media-worker reported: its words, then its stable code. */
export function errorInfoText(error: { code: string; message: string }, t: T): string {
  return t('errorInfo', { message: error.message, code: error.code });
}
