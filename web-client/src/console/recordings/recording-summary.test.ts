import type { Recording, RecordingFile } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { broadcastStrings } from '../broadcast/strings.js';
import {
  ACTIVE_REFRESH_MS,
  LIVE_REFRESH_MS,
  deletable,
  fileSourceText,
  recordingBytes,
  recordingSeconds,
  recordingsRefreshMs,
} from './recording-summary.js';

const file = (change: Partial<RecordingFile>): RecordingFile => ({
  id: 'f1',
  output: 'track',
  pointId: 'p1',
  fileName: 'track-p1.mkv',
  bytes: 1000,
  durationMs: 60_000,
  codecs: ['vp8', 'opus'],
  createdAt: '2030-01-01T03:00:00.000Z',
  downloadUrl: '/api/recordings/r1/files/f1/download',
  ...change,
});

const recording = (change: Partial<Recording> = {}): Recording => ({
  id: 'r1',
  conferenceId: 'c1',
  status: 'ready',
  layout: 'speaker',
  startedAt: '2030-01-01T02:00:00.000Z',
  stoppedAt: '2030-01-01T02:30:00.000Z',
  createdBy: null,
  error: null,
  files: [],
  ...change,
});

describe('recording summary', () => {
  it('lasts as long as its longest file, or from start to stop before there are files', () => {
    const files = [file({ durationMs: 61_500 }), file({ id: 'f2', durationMs: 1_799_000 })];
    expect(recordingSeconds(recording({ files }))).toBe(1799);
    expect(recordingSeconds(recording({ status: 'finalising' }))).toBe(1800);
    expect(recordingSeconds(recording({ status: 'recording', stoppedAt: null }))).toBeNull();
  });

  it('adds up its files’ sizes', () => {
    expect(recordingBytes(recording({ files: [file({ bytes: 5 }), file({ id: 'f2', bytes: 7 })] }))).toBe(12);
    expect(recordingBytes(recording())).toBe(0);
  });

  it('can be deleted only once finished', () => {
    const statuses = ['recording', 'finalising', 'ready', 'failed'] as const;
    expect(statuses.map((status) => deletable(recording({ status })))).toEqual([false, false, true, true]);
  });

  it('names each file’s source after the programme or its hall', () => {
    const names = new Map([['p1', 'Xã Lộc Hưng']]);
    const vi = translator(broadcastStrings, 'vi');
    const en = translator(broadcastStrings, 'en');
    expect(fileSourceText(file({ output: 'programme', pointId: null }), names, vi)).toBe(
      'Chương trình (tổng hợp)',
    );
    expect(fileSourceText(file({}), names, vi)).toBe('Điểm cầu Xã Lộc Hưng');
    expect(fileSourceText(file({}), names, en)).toBe('Bridge point Xã Lộc Hưng');
    expect(fileSourceText(file({ pointId: 'gone' }), names, en)).toBe('A bridge point');
  });

  it('is asked again often while one runs, now and then while live, and not after', () => {
    const running = { items: [recording(), recording({ id: 'r2', status: 'finalising' })] };
    expect(recordingsRefreshMs(running, false)).toBe(ACTIVE_REFRESH_MS);
    expect(recordingsRefreshMs({ items: [recording()] }, true)).toBe(LIVE_REFRESH_MS);
    expect(recordingsRefreshMs({ items: [] }, false)).toBeUndefined();
  });
});
