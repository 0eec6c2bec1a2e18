// The lifecycle every egress job shares: the control subscription, `listening`,
// the progress timer, the stop / hand-over / failure race and the clean-up.
import type { EgressControl, EgressProgress, LiveProgress } from '@diemcau/protocol';
import { type Job, WaitingError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActiveJobs } from './active-jobs.js';
import { type ControlSubscription, subscribeControl } from './control.js';
import { EgressError } from './errors.js';

/** How a job's race ended: the server's `stop`, a shutdown's hand-over, or a failure that keeps the output. */
export type EgressEnd = 'stop' | 'handover' | EgressError;

export interface EgressJobContext {
  /** Duplicated for the job's control subscription. */
  connection: Redis;
  /** The address the server sends RTP to, reported in `listening`. */
  rtpHost: string;
  /** Every job of the process: a shutdown hands each over. */
  active: ActiveJobs;
}

/** What a processor keeps of its own; the lifecycle calls each at its place. */
export interface EgressJobSteps<Result> {
  /** Names the job in its log lines: `<name> listening`, `<name> stopped`. */
  name: string;
  /** Every valid control message, `stop` included, until the job ends: a late one must not start what is stopping. */
  onControl?(message: EgressControl): void;
  /** Starts the media once the control channel listens; `ports` is what `listening` reports, `log` what else to log. */
  start(): Promise<{ ports: Record<string, number>; log?: Record<string, unknown> }>;
  /** The report sent every `progressMs` while the job runs; `startedAt` is when `start` finished. */
  progress(startedAt: number): Promise<EgressProgress | LiveProgress>;
  progressMs: number;
  /** A failure that stops the job and keeps what it wrote (a recording's DISK_FULL); any other fails the attempt. */
  keepsOutput?(error: EgressError): boolean;
  /** Stops the media once the race is decided, a failure that fails the attempt aside; what it returns is logged. */
  stop(end: EgressEnd): Promise<Record<string, unknown> | void>;
  /** After `finalising` is reported: the job's result. */
  finish(end: Exclude<EgressEnd, 'handover'>): Promise<Result>;
  /** Always, last: stops whatever still runs and removes scratch files. */
  cleanUp(): Promise<void>;
}

/**
 * One attempt of an egress job, from the control subscription to the clean-up.
 * It runs until the server publishes `stop`, a shutdown hands the job back to
 * the queue (WaitingError), or `fail` is called: the first of them wins. A
 * failure is thrown as it is, after the clean-up; the processor decides whether
 * BullMQ retries it.
 */
export class EgressJob {
  private failWith = (_error: EgressError): void => undefined;
  private readonly failed = new Promise<EgressError>((resolve) => (this.failWith = resolve));

  constructor(
    private readonly ctx: EgressJobContext,
    private readonly job: Job,
    private readonly token: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Ends the job with `error` (an ffmpeg that gave up, a disk that filled); later calls change nothing. */
  readonly fail = (error: EgressError): void => this.failWith(error);

  async run<Result>(steps: EgressJobSteps<Result>): Promise<Result> {
    const { ctx, job, log } = this;
    const report = (progress: EgressProgress | LiveProgress): Promise<void> => job.updateProgress(progress);
    let ending = false;
    let control: ControlSubscription | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      control = await subscribeControl(ctx.connection, job.id ?? '', log, (message) => {
        if (!ending) steps.onControl?.(message);
      });
      const started = await steps.start();
      const startedAt = Date.now();
      // attemptsStarted counts stalled-job recoveries and hand-overs too; attemptsMade counts failures only.
      const attempt = job.attemptsStarted;
      await report({ phase: 'listening', host: ctx.rtpHost, ports: started.ports, attempt });
      log.info({ ports: started.ports, ...started.log, attempt }, `${steps.name} listening`);
      timer = setInterval(() => {
        void steps
          .progress(startedAt)
          .then(report)
          .catch((error: Error) => log.debug({ error: error.message }, 'progress not reported'));
      }, steps.progressMs);

      const end = await Promise.race([
        control.stopped.then(() => 'stop' as const),
        ctx.active.suspended.then(() => 'handover' as const),
        this.failed,
      ]);
      ending = true;
      clearInterval(timer);
      if (end instanceof EgressError && steps.keepsOutput?.(end) !== true) throw end;
      const stopped = await steps.stop(end);
      log.info({ outcome: end, ...stopped }, `${steps.name} stopped`);
      if (end === 'handover') {
        await job.moveToWait(this.token);
        throw new WaitingError();
      }
      await report({ phase: 'finalising' });
      return await steps.finish(end);
    } finally {
      ending = true;
      clearInterval(timer);
      await steps.cleanUp();
      await control?.close();
    }
  }
}
