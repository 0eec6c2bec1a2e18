// Why a relay attempt ended, read from ffmpeg's exit and stderr: a stable
// code and a redacted message for the destination's status.
import { redactText } from '../egress/redact.js';
import type { ProcessExit } from '../egress/ffmpeg-process.js';

/** Why a relay attempt ended; the relay retries after each one. */
export type RelayFailureCode =
  /** The ffmpeg binary could not be started. */
  | 'FFMPEG_MISSING'
  /** The encoder's local feed never came or stopped: ffmpeg names the udp:// input. */
  | 'NO_INPUT'
  /** No RTMP server answered: connection refused or timed out, no route, the host name did not resolve. */
  | 'DESTINATION_UNREACHABLE'
  /** The server closed the connection before media flowed: a wrong stream key, publishing not allowed. */
  | 'DESTINATION_REFUSED'
  /** The server closed a connection that was live. */
  | 'DESTINATION_LOST'
  /** ffmpeg sent no media for too long and was stopped (decided by the relay, not read from ffmpeg). */
  | 'RELAY_STALLED'
  /** Anything else ffmpeg reported. */
  | 'DESTINATION_FAILED';

export interface RelayFailure {
  code: RelayFailureCode;
  /** ffmpeg's reason, stream key redacted. */
  message: string;
}

export interface EndedAttempt {
  exit: ProcessExit;
  /** ffmpeg's stderr tail, unredacted. */
  stderr: string;
  /** Whether media flowed on this connection before it ended. */
  wasLive: boolean;
}

const MESSAGE_CHARS = 300;

// ffmpeg prints the input's URL before the reason when reading it fails.
const INPUT_FAILED = /\] udp:\/\/\S*: /;
const UNREACHABLE =
  /Connection refused|Connection timed out|No route to host|Network is unreachable|Failed to resolve hostname|Name or service not known|Temporary failure in name resolution/i;
// A server refusing a publish just drops the connection (nginx-rtmp, the platforms on a wrong key):
// ffmpeg sees the socket close while opening or on its next write.
const CLOSED =
  /Broken pipe|Connection reset by peer|End of file|Input\/output error|Server error|RTMP handshake/i;
const ERROR_LINE = /^\[(?:error|fatal)\]|\] \[(?:error|fatal)\]/;

/** A stderr line without ffmpeg's `[rtmp @ 0x…]` context and `[error]` level prefixes. */
function reason(line: string): string {
  return line.replace(/^(?:\[[^\]]* @ 0x[0-9a-f]+\] )?(?:\[[a-z]+\] )?/, '').trim();
}

/** The code and message for an attempt ffmpeg ended, from its exit and stderr tail. */
export function classifyRelayFailure(
  { exit, stderr, wasLive }: EndedAttempt,
  secrets: readonly string[],
): RelayFailure {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  const last = (pattern: RegExp) => lines.findLast((line) => pattern.test(line));
  const failure = (code: RelayFailureCode, line: string | undefined): RelayFailure => ({
    code,
    message: redactText(reason(line ?? `ffmpeg exited (${exit.code ?? exit.signal})`), secrets).slice(
      0,
      MESSAGE_CHARS,
    ),
  });

  // startFfmpeg resolves a spawn failure as an exit without code or signal, its error last in the tail.
  if (exit.code === null && exit.signal === null) return failure('FFMPEG_MISSING', lines.at(-1));
  const input = last(INPUT_FAILED);
  if (input !== undefined) return failure('NO_INPUT', input);
  const unreachable = last(UNREACHABLE);
  if (unreachable !== undefined) return failure('DESTINATION_UNREACHABLE', unreachable);
  const closed = last(CLOSED);
  if (closed !== undefined) return failure(wasLive ? 'DESTINATION_LOST' : 'DESTINATION_REFUSED', closed);
  return failure('DESTINATION_FAILED', last(ERROR_LINE));
}

/**
 * What to redact for a publish URL: everything after the RTMP application (the stream key,
 * with any query) as written and percent-decoded, and credentials before the host.
 */
export function streamKeySecrets(url: string): string[] {
  const match = /^[a-z]+:\/\/(?:([^@/]*)@)?[^/]*\/[^/?#]*[/?#](.*)$/i.exec(url);
  const [, credentials, key] = match ?? [];
  const secrets = [key, key === undefined ? undefined : safeDecode(key), credentials];
  return [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret !== ''))];
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
