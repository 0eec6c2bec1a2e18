import type { DestinationCreate, StreamPlatform } from '@diemcau/protocol';

/*
 * The add-destination form's values and checks, mirroring the server's
 * schema (protocol/src/rest/destinations.ts) so that most mistakes are named
 * next to their field before anything is sent.
 */

export const PLATFORMS: readonly StreamPlatform[] = ['facebook', 'youtube', 'rtmp'];

export interface DestinationFormValues {
  name: string;
  platform: StreamPlatform;
  /** Only for `rtmp`: Facebook's and YouTube's ingest addresses are fixed. */
  url: string;
  streamKey: string;
}

export type DestinationFieldError =
  'errRequired' | 'errNameTooLong' | 'errUrlInvalid' | 'errUrlCredentials' | 'errKeyInvalid';

export type DestinationFormErrors = Partial<Record<keyof DestinationFormValues, DestinationFieldError>>;

export const EMPTY_DESTINATION: DestinationFormValues = {
  name: '',
  platform: 'youtube',
  url: '',
  streamKey: '',
};

const NAME_MAX = 200;
const URL_MAX = 1000;
const KEY_MAX = 512;
const RTMP_URL = /^rtmps?:\/\/[^/\s]+\/\S+$/;

/**
 * A stream key as pasted: surrounding spaces and line breaks (copying from a
 * platform's page often brings them) are dropped; inner spaces are refused.
 */
export function checkStreamKey(
  raw: string,
): { ok: true; streamKey: string } | { ok: false; error: DestinationFieldError } {
  const streamKey = raw.trim();
  if (streamKey === '') return { ok: false, error: 'errRequired' };
  if (/\s/.test(streamKey) || streamKey.length > KEY_MAX) return { ok: false, error: 'errKeyInvalid' };
  return { ok: true, streamKey };
}

function checkUrl(raw: string): DestinationFieldError | undefined {
  const url = raw.trim();
  if (url === '') return 'errRequired';
  if (url.length > URL_MAX || !RTMP_URL.test(url)) return 'errUrlInvalid';
  // Credentials belong in the stream key, which is sealed; a URL is shown and audited.
  const authority = url.replace(/^rtmps?:\/\//, '').split('/', 1)[0] ?? '';
  if (authority.includes('@')) return 'errUrlCredentials';
  return undefined;
}

export function toDestinationCreate(
  values: DestinationFormValues,
): { ok: true; destination: DestinationCreate } | { ok: false; errors: DestinationFormErrors } {
  const errors: DestinationFormErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'errRequired';
  else if (name.length > NAME_MAX) errors.name = 'errNameTooLong';
  const urlError = values.platform === 'rtmp' ? checkUrl(values.url) : undefined;
  if (urlError) errors.url = urlError;
  const key = checkStreamKey(values.streamKey);
  if (!key.ok) errors.streamKey = key.error;
  if (Object.keys(errors).length > 0 || !key.ok) return { ok: false, errors };
  return {
    ok: true,
    destination: {
      name,
      platform: values.platform,
      ...(values.platform === 'rtmp' ? { url: values.url.trim() } : {}),
      streamKey: key.streamKey,
    },
  };
}
