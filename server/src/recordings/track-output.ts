// One hall's output of a recording: its microphone and camera copied by a `record` job, from one join.
import type { EgressStream, Recording, RecordJobData } from '@diemcau/protocol';
import type { types } from 'mediasoup';
import { EgressJob } from '../egress/egress-job.js';
import { EgressPort } from '../egress/egress-port.js';
import type { Listening } from '../egress/job-kinds.js';
import type { Peer, ProducerData } from '../sfu/peer.js';
import type { RecorderDeps } from './recorder-deps.js';
import { type OutputResult, outputResult } from './recording-outcome.js';

/**
 * A point's tracks as one job, `<recordingId>.track-<pointId>.<session>` (a
 * rejoin is a new session into the same folder): an EgressPort per track,
 * connected to each attempt that listens. `finished` settles once, with the
 * job's files or why there are none, after its ports are closed.
 */
export class TrackOutput {
  readonly jobId: string;
  readonly ports: EgressPort[] = [];
  seconds = 0;
  bytes = 0;
  readonly finished: Promise<OutputResult>;
  readonly #deps: RecorderDeps;
  readonly #recording: Recording;
  #job: EgressJob<'track'> | undefined;
  #stopping = false;
  #settle: (result: OutputResult) => void = () => undefined;

  constructor(
    deps: RecorderDeps,
    recording: Recording,
    readonly point: Peer,
    readonly pointId: string,
    session: number,
  ) {
    this.#deps = deps;
    this.#recording = recording;
    this.jobId = `${recording.id}.track-${pointId}.${session}`;
    this.finished = new Promise((resolve) => (this.#settle = resolve));
  }

  /** Makes the ports and adds the job; an output stopped meanwhile, or with nothing to carry, ends empty. */
  async start(producers: types.Producer<ProducerData>[]): Promise<void> {
    try {
      const streams = await this.#attach(producers);
      if (streams.length === 0 || this.#stopping) {
        this.#finish([]);
        return;
      }
      const job = new EgressJob(this.#deps, 'track', this.jobId, {
        listening: (listening) => this.#connect(listening),
        progress: (report) => {
          if (report.phase !== 'recording') return;
          this.seconds = report.seconds;
          this.bytes = report.bytes;
          this.#deps.onChange();
        },
      });
      this.#job = job;
      void job.finished.then((end) => this.#finish(outputResult(this.jobId, end)));
      const data: RecordJobData = {
        conferenceId: this.#recording.conferenceId,
        recordingId: this.#recording.id,
        output: { kind: 'track', pointId: this.pointId },
        streams,
      };
      await job.add(data);
      this.#deps.log.info({ jobId: this.jobId, streams: streams.length }, 'recording a hall');
      this.#deps.onChange();
    } catch (error) {
      this.#finish({ jobId: this.jobId, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  stop(): void {
    this.#stopping = true;
    void this.#job?.stop();
  }

  /** Copy segments are cut at key frames. */
  requestKeyFrames(): void {
    for (const port of this.ports) void port.requestKeyFrame();
  }

  /** An EgressPort per producer its hall's router can hand the room's egress, in a codec ffmpeg reads. */
  async #attach(producers: types.Producer<ProducerData>[]): Promise<EgressStream[]> {
    const streams: EgressStream[] = [];
    for (const producer of producers) {
      const router = await this.#deps.room.egressRouter(this.point, producer);
      if (!router) continue;
      const port = await EgressPort.create(router, {
        id: producer.appData.source,
        listenIp: this.#deps.listenIp,
      });
      this.ports.push(port);
      if (!port.canCarry(producer)) {
        port.close();
        this.ports.pop();
        continue;
      }
      streams.push(await port.attach(producer));
    }
    return streams;
  }

  async #connect({ host, ports, attempt }: Listening): Promise<void> {
    for (const port of this.ports) {
      const rtpPort = ports[port.id];
      if (rtpPort !== undefined) await port.connect({ host, port: rtpPort });
    }
    this.#deps.log.info({ jobId: this.jobId, attempt }, 'recorder connected');
  }

  #finish(result: OutputResult): void {
    for (const port of this.ports) port.close();
    this.#settle(result);
  }
}
