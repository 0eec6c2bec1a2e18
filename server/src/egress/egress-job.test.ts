import type { LiveJobData, RecordedFile, RecordJobData } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobListener } from '../jobs/job-events.js';
import type { JobQueues } from '../jobs/queues.js';
import { EgressJob, FINISH_TIMEOUT_MS } from './egress-job.js';
import type { EgressKind } from './job-kinds.js';

const file: RecordedFile = { path: 'r1/track-p1/track-p1.mkv', bytes: 10, durationMs: 4000, codecs: ['vp8'] };
const trackData: RecordJobData = {
  conferenceId: 'c1',
  recordingId: 'r1',
  output: { kind: 'track', pointId: 'p1' },
  streams: [],
};
const liveData: LiveJobData = {
  conferenceId: 'c1',
  slug: null,
  video: { id: 'video', kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 },
  audio: [],
  destinations: [],
};
const listening = (attempt: number) => ({
  phase: 'listening',
  host: '127.0.0.1',
  ports: { mic: 5000 },
  attempt,
});

/** A queue, its events and a publisher that keep what they are given. */
function harness(options: { returnvalue?: unknown; waiting?: boolean; refuse?: Error } = {}) {
  const listeners = new Map<string, JobListener>();
  const added: { name: string; data: unknown; jobId: string | undefined; watched: boolean }[] = [];
  const removed: string[] = [];
  const sent: { channel: string; message: unknown }[] = [];
  const queue = {
    name: 'record',
    add: (name: string, data: unknown, opts: { jobId?: string }) => {
      if (options.refuse) return Promise.reject(options.refuse);
      added.push({ name, data, jobId: opts.jobId, watched: listeners.has(opts.jobId ?? '') });
      return Promise.resolve();
    },
    getJob: (id: string) =>
      Promise.resolve({
        returnvalue: options.returnvalue,
        isWaiting: () => Promise.resolve(options.waiting ?? false),
        remove: () => Promise.resolve(void removed.push(id)),
      }),
  };
  const events = {
    watch: (id: string, listener: JobListener) => {
      listeners.set(id, listener);
      return () => listeners.delete(id);
    },
  };
  const publisher = {
    publish: (channel: string, message: string) => {
      sent.push({ channel, message: JSON.parse(message) });
      return Promise.resolve(1);
    },
  };
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps = {
    queues: { of: () => ({ queue, events }) } as unknown as JobQueues,
    publisher: publisher as unknown as Redis,
    log: log as unknown as FastifyBaseLogger,
  };
  const handlers = { listening: vi.fn(() => Promise.resolve()), progress: vi.fn() };
  const job = <K extends EgressKind>(kind: K) => new EgressJob(deps, kind, 'r1.track-p1.1', handlers);
  const report = (data: unknown) => listeners.get('r1.track-p1.1')?.progress?.(data);
  /** Lets the job's asynchronous handling of a report run. */
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  return { added, removed, sent, listeners, handlers, log, job, report, settled };
}

afterEach(() => vi.useRealTimers());

describe('EgressJob', () => {
  it('watches the job before adding it, under its id', async () => {
    const h = harness();
    await h.job('track').add(trackData);
    expect(h.added).toEqual([
      expect.objectContaining({ name: 'record', jobId: 'r1.track-p1.1', watched: true }),
    ]);
  });

  it('answers each new attempt once, telling a retaken one from the first', async () => {
    const h = harness();
    const job = h.job('track');
    await job.add(trackData);
    h.report(listening(1));
    h.report(listening(1));
    h.report(listening(2));
    await h.settled();
    expect(h.handlers.listening.mock.calls.map((call: unknown[]) => call[1])).toEqual([false, true]);
  });

  it('sends stop again to an attempt that listens after the stop, and does not connect it', async () => {
    const h = harness();
    const job = h.job('track');
    await job.add(trackData);
    await job.stop();
    h.report(listening(1));
    await h.settled();
    expect(h.handlers.listening).not.toHaveBeenCalled();
    expect(h.sent).toEqual([
      { channel: 'diemcau:egress:r1.track-p1.1', message: { type: 'stop' } },
      { channel: 'diemcau:egress:r1.track-p1.1', message: { type: 'stop' } },
    ]);
  });

  it("checks reports with its kind's schema: keyFrame is the programme's, not a track's", async () => {
    const h = harness();
    const track = h.job('track');
    await track.add(trackData);
    h.report({ phase: 'keyFrame', seq: 0 });
    h.report({ phase: 'recording', segments: 1, bytes: -1, seconds: 2 });
    await h.settled();
    expect(h.handlers.progress).not.toHaveBeenCalled();
    const programme = h.job('programme');
    await programme.add({ ...trackData, output: { kind: 'programme' } });
    h.report({ phase: 'keyFrame', seq: 0 });
    await h.settled();
    expect(h.handlers.progress).toHaveBeenCalledWith({ phase: 'keyFrame', seq: 0 });
  });

  it("ends with the result its kind's schema accepts, or fails on one it refuses", async () => {
    const good = harness({ returnvalue: [file] });
    const job = good.job('track');
    await job.add(trackData);
    good.listeners.get('r1.track-p1.1')?.completed?.();
    await expect(job.finished).resolves.toEqual({ state: 'completed', result: [file] });
    expect(good.listeners.size).toBe(0);

    const bad = harness({ returnvalue: [{ path: 'x' }] });
    const refused = bad.job('track');
    await refused.add(trackData);
    bad.listeners.get('r1.track-p1.1')?.completed?.();
    await expect(refused.finished).resolves.toMatchObject({ state: 'failed' });

    const none = harness({ returnvalue: null });
    const live = none.job('live');
    await live.add(liveData);
    none.listeners.get('r1.track-p1.1')?.completed?.();
    await expect(live.finished).resolves.toEqual({ state: 'completed', result: undefined });
  });

  it("ends with the job's failure", async () => {
    const h = harness();
    const job = h.job('track');
    await job.add(trackData);
    h.listeners.get('r1.track-p1.1')?.failed?.('DISK_FULL: 10 MB free');
    await expect(job.finished).resolves.toEqual({ state: 'failed', reason: 'DISK_FULL: 10 MB free' });
  });

  it('fails FINISH_TIMEOUT_MS after stop when the job never ends', async () => {
    vi.useFakeTimers();
    const h = harness();
    const job = h.job('track');
    await job.add(trackData);
    await job.stop();
    await vi.advanceTimersByTimeAsync(FINISH_TIMEOUT_MS);
    await expect(job.finished).resolves.toEqual({
      state: 'failed',
      reason: `not finished ${FINISH_TIMEOUT_MS} ms after stop`,
    });
  });

  it('ends unqueued, and throws, when the queue refuses the job', async () => {
    const refusal = new Error('Connection is closed.');
    const h = harness({ refuse: refusal });
    const job = h.job('track');
    await expect(job.add(trackData)).rejects.toBe(refusal);
    await expect(job.finished).resolves.toEqual({ state: 'unqueued', error: refusal });
  });

  it('withdraws a job no media-worker took up, and only such a job', async () => {
    const waiting = harness({ waiting: true });
    const job = waiting.job('track');
    await job.add(trackData);
    await expect(job.withdraw()).resolves.toBe(true);
    expect(waiting.removed).toEqual(['r1.track-p1.1']);
    await expect(job.finished).resolves.toEqual({ state: 'withdrawn' });

    const active = harness({ waiting: false });
    const running = active.job('track');
    await running.add(trackData);
    await expect(running.withdraw()).resolves.toBe(false);
    expect(active.removed).toEqual([]);
  });

  it('logs a listening answer that fails instead of leaving it unhandled', async () => {
    const h = harness();
    h.handlers.listening.mockImplementationOnce(() => Promise.reject(new Error('transport closed')));
    const job = h.job('track');
    await job.add(trackData);
    h.report(listening(1));
    await h.settled();
    expect(h.log.error).toHaveBeenCalledOnce();
  });
});
