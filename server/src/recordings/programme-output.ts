import type { Recording, RecordJobData } from '@diemcau/protocol';
import { EgressJob } from '../egress/egress-job.js';
import type { Listening } from '../egress/job-kinds.js';
import { ProgrammeEgress, type ProgrammeInputs } from '../egress/programme-egress.js';
import type { RecorderDeps } from './recorder-deps.js';
import { endingReason, type OutputResult, outputResult } from './recording-outcome.js';

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
  readonly #job: EgressJob<'programme'>;

  private constructor(deps: RecorderDeps, recording: Recording, egress: ProgrammeEgress) {
    this.#deps = deps;
    this.#egress = egress;
    this.jobId = `${recording.id}.programme`;
    this.#job = new EgressJob(deps, 'programme', this.jobId, {
      listening: (listening) => this.#connect(listening),
      progress: (report) => {
        if (report.phase === 'keyFrame') this.#egress.requestKeyFrame();
        else if (report.phase === 'recording') {
          this.seconds = report.seconds;
          this.bytes = report.bytes;
          this.#deps.onChange();
        }
      },
    });
    this.finished = this.#job.finished.then((end) => this.#finish(outputResult(this.jobId, end)));
    egress.onInputs = (inputs) => {
      this.#note(inputs);
      void this.#job.send({ type: 'programme', ...inputs });
    };
  }

  /** Makes the programme's egress and adds its job; a queue that refuses it throws (and `finished` says why). */
  static async start(deps: RecorderDeps, recording: Recording): Promise<ProgrammeOutput> {
    const egress = await ProgrammeEgress.create(deps.room, deps.listenIp, deps.log, recording.layout);
    const output = new ProgrammeOutput(deps, recording, egress);
    const data: RecordJobData = {
      conferenceId: recording.conferenceId,
      recordingId: recording.id,
      output: { kind: 'programme', layout: recording.layout },
      streams: egress.allStreams(),
    };
    await output.#job.add(data);
    return output;
  }

  stop(): void {
    void this.#job.stop();
  }

  async #connect({ host, ports }: Listening): Promise<void> {
    await this.#egress.connect(host, ports);
    const inputs = this.#egress.inputs();
    this.#note(inputs);
    await this.#job.send({ type: 'programme', ...inputs });
  }

  #note(inputs: ProgrammeInputs): void {
    if (inputs.video || inputs.audio.length > 0) this.fed = true;
  }

  #finish(result: OutputResult): OutputResult {
    this.#egress.close();
    const reason = endingReason(result);
    if (reason !== undefined) this.#deps.onEnded(reason);
    return result;
  }
}
