// Tests of relay failure codes for ffmpeg's reasons, with stream keys
// redacted.
import { describe, expect, it } from 'vitest';
import { classifyRelayFailure, streamKeySecrets } from './relay-failure.js';

const KEY = 'abcd-efgh-ijkl-mnop';
const URL = `rtmp://127.0.0.1:19350/live/${KEY}`;
const FAILED = { code: 1, signal: null };
// Analysing a feed joined mid-GOP logs decoder errors first; they say nothing about the destination.
const NOISE = [
  '[h264 @ 0x5609cc9a4340] [error] non-existing PPS 0 referenced',
  '[h264 @ 0x5609cc9a4340] [error] decode_slice_header error',
  '[mpegts @ 0x5587f52eaac0] [warning] Packet corrupt (stream = 0, dts = 685920).',
].join('\n');

const classify = (stderr: string, { wasLive = false, exit = FAILED } = {}) =>
  classifyRelayFailure({ exit, stderr: `${NOISE}\n${stderr}\n`, wasLive }, [KEY]);

describe('relay failure', () => {
  it('reads a refused connection as unreachable, naming the URL without its key', () => {
    const stderr = [
      '[tcp @ 0x55c8f246b080] [error] Connection to tcp://127.0.0.1:19350?tcp_nodelay=0 failed: Connection refused',
      '[rtmp @ 0x55c8f24ba100] [error] Cannot open connection tcp://127.0.0.1:19350?tcp_nodelay=0',
      `[error] ${URL}: Connection refused`,
    ].join('\n');
    expect(classify(stderr)).toEqual({
      code: 'DESTINATION_UNREACHABLE',
      message: 'rtmp://127.0.0.1:19350/live/***: Connection refused',
    });
  });

  it('reads a host name that does not resolve as unreachable, with the resolver’s reason', () => {
    const stderr = [
      '[tcp @ 0x5609cc9a53c0] [error] Failed to resolve hostname no-such-host.invalid: Name or service not known',
      '[rtmp @ 0x5609cc9b7540] [error] Cannot open connection tcp://no-such-host.invalid:1935?tcp_nodelay=0',
      `[error] rtmp://no-such-host.invalid/live/${KEY}: Input/output error`,
    ].join('\n');
    expect(classify(stderr)).toEqual({
      code: 'DESTINATION_UNREACHABLE',
      message: 'Failed to resolve hostname no-such-host.invalid: Name or service not known',
    });
  });

  it('reads a server that accepts but never answers as unreachable', () => {
    expect(classify(`[error] ${URL}: Connection timed out`).code).toBe('DESTINATION_UNREACHABLE');
  });

  it('reads a connection closed before media flowed as refused, and after as lost', () => {
    const stderr = [
      '[error] av_interleaved_write_frame(): Broken pipe',
      `[error] Error writing trailer of ${URL}: Broken pipe`,
      `[error] Error closing file ${URL}: Broken pipe`,
    ].join('\n');
    expect(classify(stderr)).toEqual({
      code: 'DESTINATION_REFUSED',
      message: 'Error closing file rtmp://127.0.0.1:19350/live/***: Broken pipe',
    });
    expect(classify(stderr, { wasLive: true }).code).toBe('DESTINATION_LOST');
  });

  it('reads an application the server does not have, or a server error, as refused', () => {
    expect(classify(`[error] rtmp://127.0.0.1:19350/nope/${KEY}: Input/output error`).code).toBe(
      'DESTINATION_REFUSED',
    );
    expect(classify('[rtmp @ 0x55d0c0] [error] Server error: Publishing failed').message).toBe(
      'Server error: Publishing failed',
    );
  });

  it('blames the feed when ffmpeg names the udp:// input', () => {
    const input = 'udp://127.0.0.1:41010?timeout=5000000&fifo_size=1000000&overrun_nonfatal=1';
    expect(classify(`[error] ${input}: Input/output error`, { exit: { code: 0, signal: null } })).toEqual({
      code: 'NO_INPUT',
      message: `${input}: Input/output error`,
    });
    expect(classify(`[fatal] ${input}: could not find codec parameters`).code).toBe('NO_INPUT');
  });

  it('reports a binary that could not be spawned as missing', () => {
    const failure = classifyRelayFailure(
      { exit: { code: null, signal: null }, stderr: 'spawn /opt/none/ffmpeg ENOENT', wasLive: false },
      [KEY],
    );
    expect(failure).toEqual({ code: 'FFMPEG_MISSING', message: 'spawn /opt/none/ffmpeg ENOENT' });
  });

  it('falls back to the last error line, then to the exit', () => {
    const tls = '[tls @ 0x55d0c0] [error] error:0A000086:SSL routines::certificate verify failed';
    expect(classify(`${tls}\n[warning] something later`)).toEqual({
      code: 'DESTINATION_FAILED',
      message: 'error:0A000086:SSL routines::certificate verify failed',
    });
    expect(
      classifyRelayFailure({ exit: { code: null, signal: 'SIGKILL' }, stderr: '', wasLive: true }, [KEY]),
    ).toEqual({ code: 'DESTINATION_FAILED', message: 'ffmpeg exited (SIGKILL)' });
  });

  it('keeps messages short', () => {
    expect(classify(`[error] ${'x'.repeat(2_000)}`).message).toHaveLength(300);
  });
});

describe('stream key secrets', () => {
  it('is everything after the application', () => {
    expect(streamKeySecrets(`rtmp://a.rtmp.youtube.com/live2/${KEY}`)).toEqual([KEY]);
    expect(streamKeySecrets('rtmp://host:1935/app/instance/key')).toEqual(['instance/key']);
  });

  it('keeps a query with the key, and adds the percent-decoded form', () => {
    expect(streamKeySecrets('rtmps://live-api-s.facebook.com:443/rtmp/FB-1-0-Ab%2Fc?s_bl=1')).toEqual([
      'FB-1-0-Ab%2Fc?s_bl=1',
      'FB-1-0-Ab/c?s_bl=1',
    ]);
  });

  it('adds credentials before the host', () => {
    expect(streamKeySecrets('rtmp://user:pass@host/live/key')).toEqual(['key', 'user:pass']);
  });

  it('finds nothing to hide without a key', () => {
    expect(streamKeySecrets('rtmp://host/live')).toEqual([]);
    expect(streamKeySecrets('rtmp://host/live/')).toEqual([]);
  });
});
