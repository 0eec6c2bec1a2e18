/** Why a camera, microphone or screen could not be opened, in terms the page can explain. */
export type MediaErrorCode =
  /** The user or the browser's settings refused access. */
  | 'denied'
  /** No such device (unplugged, or the chosen one is gone). */
  | 'notFound'
  /** The device exists but another application holds it. */
  | 'busy'
  /** The device stopped delivering (unplugged while in use). */
  | 'ended'
  /** Plain http to another machine: browsers give media to secure contexts only. */
  | 'insecure'
  /** No media devices in this browser (an old one). */
  | 'unsupported'
  | 'failed';

/** Classifies a getUserMedia / getDisplayMedia rejection by its DOMException name. */
export function mediaErrorCode(error: unknown): MediaErrorCode {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    case 'TypeError':
      // What `navigator.mediaDevices` being absent (insecure context) looks like once called.
      return 'unsupported';
    default:
      return 'failed';
  }
}
