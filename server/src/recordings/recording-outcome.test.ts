import type { RecordedFile } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { endingReason, jobError, outputResult, recordingOutcome, trackPointId } from './recording-outcome.js';

const file = (path: string, extra: Partial<RecordedFile> = {}): RecordedFile => ({
  path,
  bytes: 1000,
  durationMs: 4000,
  codecs: ['vp8', 'opus'],
  ...extra,
});
const track = file('r1/track-p1/track-p1.mkv');
const programme = file('r1/programme/programme.mkv', { codecs: ['h264', 'aac'] });
const nothing = { code: 'NO_MEDIA', message: 'nobody sent anything' };
const diskFull = { code: 'DISK_FULL', message: '900 MB free in /data, below the 1024 MB kept free' };

describe('jobError', () => {
  it('splits the media-worker code from its message', () => {
    expect(jobError('DISK_FULL: 900 MB free: x')).toEqual({ code: 'DISK_FULL', message: '900 MB free: x' });
    expect(jobError('job stalled more than allowable limit')).toEqual({
      code: null,
      message: 'job stalled more than allowable limit',
    });
  });
});

describe('trackPointId', () => {
  it('names the point of a track file and none for the programme', () => {
    expect(trackPointId(track)).toBe('p1');
    expect(trackPointId(programme)).toBeNull();
  });
});

describe('endingReason', () => {
  it('ends the recording on a file stopped early, or on a failure every output would meet', () => {
    expect(endingReason([track, file('r1/track-p2/track-p2.mkv', { stoppedEarly: diskFull })])).toEqual(
      diskFull,
    );
    expect(endingReason({ jobId: 'r1.programme', reason: `DISK_FULL: ${diskFull.message}` })).toEqual(
      diskFull,
    );
    expect(
      endingReason({ jobId: 'r1.programme', reason: 'FFMPEG_NOT_FOUND: ffmpeg at /x is missing' }),
    ).toEqual({
      code: 'FFMPEG_NOT_FOUND',
      message: 'ffmpeg at /x is missing',
    });
  });

  it('lets one hall fail alone', () => {
    expect(endingReason([track])).toBeUndefined();
    expect(
      endingReason({ jobId: 'r1.track-p1.1', reason: 'FFMPEG_EXITED: recorder exited (1)' }),
    ).toBeUndefined();
    expect(endingReason({ jobId: 'r1.track-p1.1', reason: 'no file after 120000 ms' })).toBeUndefined();
  });
});

describe('recordingOutcome', () => {
  it('is ready with a hall recorded, or a programme that had a source, even if an output failed', () => {
    const failures = [{ jobId: 'r1.track-p2.1', reason: 'FFMPEG_EXITED: recorder exited (1)' }];
    expect(recordingOutcome({ files: [track], failures, programmeFed: false, nothing })).toEqual({
      status: 'ready',
    });
    expect(recordingOutcome({ files: [programme], failures: [], programmeFed: true, nothing })).toEqual({
      status: 'ready',
    });
    // After a restart nobody knows what the programme showed: its file counts.
    expect(recordingOutcome({ files: [programme], failures: [], nothing })).toEqual({ status: 'ready' });
  });

  it('fails with the reason that ended it, files kept', () => {
    expect(
      recordingOutcome({
        files: [track, programme],
        failures: [],
        endedBy: diskFull,
        programmeFed: true,
        nothing,
      }),
    ).toEqual({ status: 'failed', error: diskFull });
  });

  it('fails with NO_MEDIA when nothing was sent, naming a slate-only programme file', () => {
    expect(recordingOutcome({ files: [programme], failures: [], programmeFed: false, nothing })).toEqual({
      status: 'failed',
      error: { code: 'NO_MEDIA', message: 'nobody sent anything: the programme file holds only the slate' },
    });
    // A hall whose job found no playable segment sent nothing either.
    const empty = [{ jobId: 'r1.track-p1.1', reason: 'NO_MEDIA: no playable segment in /x' }];
    expect(recordingOutcome({ files: [], failures: empty, programmeFed: false, nothing })).toEqual({
      status: 'failed',
      error: nothing,
    });
  });

  it('fails with RECORDING_FAILED and the first real failure when no file came', () => {
    const failures = [
      { jobId: 'r1.track-p1.1', reason: 'NO_MEDIA: no playable segment in /x' },
      { jobId: 'r1.programme', reason: 'ENCODER_FAILED: encoder exited 6 times in a minute' },
    ];
    expect(recordingOutcome({ files: [], failures, programmeFed: true, nothing })).toEqual({
      status: 'failed',
      error: {
        code: 'RECORDING_FAILED',
        message: 'r1.programme: ENCODER_FAILED: encoder exited 6 times in a minute',
      },
    });
  });
});

describe('outputResult', () => {
  it("turns a record job's end into its files or why there are none", () => {
    expect(outputResult('r1.programme', { state: 'completed', result: [programme] })).toEqual([programme]);
    expect(outputResult('r1.programme', { state: 'failed', reason: 'ENCODER_FAILED: exited' })).toEqual({
      jobId: 'r1.programme',
      reason: 'ENCODER_FAILED: exited',
    });
    expect(
      outputResult('r1.programme', { state: 'unqueued', error: new Error('Connection is closed.') }),
    ).toEqual({
      jobId: 'r1.programme',
      reason: 'Connection is closed.',
    });
    expect(outputResult('r1.programme', { state: 'withdrawn' })).toEqual([]);
  });
});
