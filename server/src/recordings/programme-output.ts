import {
  type EgressControl,
  egressControlChannel,
  EgressProgress,
  LiveProgress,
  type RecordedFile,
  type Recording,
  type RecordJobData,
  validator,
} from '@diemcau/protocol';
import { ProgrammeEgress, type ProgrammeInputs } from '../egress/programme-egress.js';
import type { RecorderDeps } from './conference-recorder.js';
import { endingReason, type OutputResult } from './recording-outcome.js';

const checkProgress = validator(EgressProgress);
const checkLive = validator(LiveProgress);

/** How long a stopped programme may take to finish its file (it is encoded, so longer than a copy). */
const FINISH_TIMEOUT_MS = 180_000;

/**
 * The recording's programme composite: the programme's egress slots (what the
 * livestream shows and mixes; in the grid layout, up to GRID_CELLS cameras side
 * by side instead of one) encoded by a `record` job with output `programme`,
 * into H.264 + AAC segments joined into one file at the end.
 */
export class ProgrammeOutput {
  readonly jobId: string;
  seconds = 0;
  bytes = 0;
  /** Whether a source ever sent to the programme; false while it only showed the slate and silence. */
  fed = false;
  readonly finished: Promise<OutputResult>;
  readonly #deps: RecorderDeps;
  readonly #egress: ProgrammeEgress;
  #settle: (result: OutputResult) => void = () => undefined;
  #attempt = 0;
  #stopping = false;
  #unwatch: () => void = () => undefined;

  private constructor(deps: RecorderDeps, recording: Recording, egress: ProgrammeEgress) {
    this.#deps = deps;
    this.#egress = egress;
    this.jobId = `${recording.id}.programme`;
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    egress.onInputs = (inputs) => {
      this.#note(inputs);
      void this.#publish({ type: 'programme', ...inputs });
    };
  }

  static async start(deps: RecorderDeps, recording: Recording): Promise<ProgrammeOutput> {
    const egress = await ProgrammeEgress.create(deps.room, deps.listenIp, deps.log, recording.layout);
    const output = new ProgrammeOutput(deps, recording, egress);
    output.#unwatch = deps.queues.recordEvents.watch(output.jobId, {
      progress: (data) => void output.#onProgress(data),
      completed: () => void output.#onDone(),
      failed: (reason) => output.#finish({ jobId: output.jobId, reason }),
    });
    const data: RecordJobData = {
      conferenceId: recording.conferenceId,
      recordingId: recording.id,
      output: { kind: 'programme', layout: recording.layout },
      streams: egress.allStreams(),
    };
    try {
      await deps.queues.record.add('record', data, {
        jobId: output.jobId,
        attempts: 3,
        backoff: { type: 'fixed', delay: 1_000 },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 24 * 3_600 },
      });
    } catch (error) {
      output.#finish({ jobId: output.jobId, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    return output;
  }

  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    void this.#publish({ type: 'stop' });
    setTimeout(
      () => this.#finish({ jobId: this.jobId, reason: `no file after ${FINISH_TIMEOUT_MS} ms` }),
      FINISH_TIMEOUT_MS,
    ).unref();
  }

  async #onProgress(data: unknown): Promise<void> {
    if (checkLive(data).ok && (data as { phase: string }).phase === 'keyFrame') {
      this.#egress.requestKeyFrame();
      return;
    }
    const checked = checkProgress(data);
    if (!checked.ok) return;
    const progress = checked.value;
    if (progress.phase === 'listening') {
      if (progress.attempt <= this.#attempt) return;
      this.#attempt = progress.attempt;
      if (this.#stopping) {
        await this.#publish({ type: 'stop' });
        return;
      }
      await this.#egress.connect(progress.host, progress.ports);
      const inputs = this.#egress.inputs();
      this.#note(inputs);
      await this.#publish({ type: 'programme', ...inputs });
    } else if (progress.phase === 'recording') {
      this.seconds = progress.seconds;
      this.bytes = progress.bytes;
      this.#deps.onChange();
    }
  }

  async #onDone(): Promise<void> {
    const job = await this.#deps.queues.record.getJob(this.jobId);
    this.#finish((job?.returnvalue ?? []) as RecordedFile[]);
  }

  async #publish(message: EgressControl): Promise<void> {
    await this.#deps.publisher
      .publish(egressControlChannel(this.jobId), JSON.stringify(message))
      .catch((error: unknown) => this.#deps.log.warn({ err: error, jobId: this.jobId }, 'control not sent'));
  }

  #note(inputs: ProgrammeInputs): void {
    if (inputs.video || inputs.audio.length > 0) this.fed = true;
  }

  #finish(result: OutputResult): void {
    this.#unwatch();
    this.#egress.close();
    const reason = endingReason(result);
    if (reason !== undefined) this.#deps.onEnded(reason);
    this.#settle(result);
  }
}
