import {
  EgressProgress,
  egressControlChannel,
  type RecordedFile,
  type RecordingProgress,
  type RecordJobData,
  type Recording,
  validator,
} from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { types } from 'mediasoup';
import type { JobQueues } from '../jobs/queues.js';
import { EgressPort } from '../egress/egress-port.js';
import type { Peer, ProducerData } from '../sfu/peer.js';
import type { Room } from '../sfu/room.js';
import { ProgrammeOutput } from './programme-output.js';
import { endingReason, type ErrorInfo, type OutputFailure, type OutputResult } from './recording-outcome.js';

const checkProgress = validator(EgressProgress);

/** Copy segments are cut at key frames: one at least this often keeps a crash's loss to a segment. */
const KEY_FRAME_MS = 2_000;
/** A point makes its microphone and camera one after the other: its output starts once both had time. */
const SETTLE_MS = 800;
/** How long a stopped output may take to finish its file. */
const FINISH_TIMEOUT_MS = 120_000;
const RECORDED_SOURCES = new Set(['mic', 'camera']);

export interface RecorderDeps {
  room: Room;
  queues: JobQueues;
  /** Publishes egress control messages (a plain, unsubscribed connection). */
  publisher: Redis;
  /** Local address of the egress PlainTransports. */
  listenIp: string;
  log: FastifyBaseLogger;
  /** Something the host sees changed. */
  onChange(): void;
  /** An output ended for a reason every output would meet (endingReason): the recording should stop. */
  onEnded(reason: ErrorInfo): void;
}

/** What the recording's outputs left once stopped. */
export interface RecorderResult {
  files: RecordedFile[];
  failures: OutputFailure[];
  endedBy: ErrorInfo | undefined;
  /** Whether the programme ever had a source sending (false: it only showed the slate). */
  programmeFed: boolean;
}

/** One job: a point's microphone and camera, from one join (a rejoin is a new job into the same folder). */
class TrackOutput {
  readonly ports: EgressPort[] = [];
  job: Job | undefined;
  attempt = 0;
  seconds = 0;
  bytes = 0;
  stopping = false;
  unwatch: () => void = () => undefined;
  readonly finished: Promise<OutputResult>;
  settle: (result: OutputResult) => void = () => undefined;

  constructor(
    readonly point: Peer,
    readonly jobId: string,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }
}

/**
 * Records one conference while it runs: a `record` job per hall (its own
 * microphone and camera, copied), following halls as they join and leave.
 * Talks to the media-worker through the job handshake (docs/recordings.md).
 */
export class ConferenceRecorder {
  readonly #deps: RecorderDeps;
  readonly #recording: Recording;
  /** The running output of each point (by peer id). */
  readonly #current = new Map<string, TrackOutput>();
  readonly #all: TrackOutput[] = [];
  readonly #sessions = new Map<string, number>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #keyFrames: NodeJS.Timeout;
  /** The programme composite, once its egress and job exist (undefined if they could not be made). */
  readonly #programme: Promise<ProgrammeOutput | undefined>;
  #programmeOutput: ProgrammeOutput | undefined;
  #stopped = false;
  #endedBy: ErrorInfo | undefined;
  readonly #detach: () => void;

  constructor(deps: RecorderDeps, recording: Recording) {
    this.#deps = deps;
    this.#recording = recording;
    const { room } = deps;
    const onProducer = (peer: Peer, producer: types.Producer<ProducerData>) =>
      this.#onProducer(peer, producer);
    const onLeft = (peer: Peer) => this.#stopOutput(peer.id);
    room.on('producerAdded', onProducer);
    room.on('peerLeft', onLeft);
    this.#detach = () => {
      room.off('producerAdded', onProducer);
      room.off('peerLeft', onLeft);
    };
    for (const peer of room.peers) {
      if (peer.role === 'point' && recordable(peer).length > 0) this.#schedule(peer, 0);
    }
    this.#programme = ProgrammeOutput.start(
      { ...deps, onEnded: (reason) => this.#end(reason) },
      recording,
    ).then(
      (output) => (this.#programmeOutput = output),
      (error: unknown) => {
        deps.log.error({ err: error, recordingId: recording.id }, 'cannot record the programme');
        return undefined;
      },
    );
    this.#keyFrames = setInterval(() => {
      for (const output of this.#current.values())
        for (const port of output.ports) void port.requestKeyFrame();
    }, KEY_FRAME_MS);
  }

  get recordingId(): string {
    return this.#recording.id;
  }

  progress(): RecordingProgress {
    const programme = this.#programmeOutput ? [this.#programmeOutput] : [];
    const all = [...this.#all, ...programme];
    return {
      id: this.#recording.id,
      status: this.#stopped ? 'finalising' : 'recording',
      startedAt: this.#recording.startedAt,
      seconds: Math.max(0, ...all.map((o) => o.seconds)),
      outputs: this.#current.size + programme.length,
      bytes: all.reduce((sum, o) => sum + o.bytes, 0),
      error: this.#endedBy ?? null,
    };
  }

  /**
   * Stops every output and waits for their files: the last file of each
   * point (a rejoin's job joins every segment of the point's folder).
   */
  async stop(): Promise<RecorderResult> {
    this.#stopped = true;
    this.#detach();
    clearInterval(this.#keyFrames);
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    for (const peerId of [...this.#current.keys()]) this.#stopOutput(peerId);
    const programme = await this.#programme;
    programme?.stop();
    this.#deps.onChange();
    const results = await Promise.all(
      [...this.#all, ...(programme ? [programme] : [])].map((o) => o.finished),
    );
    const byPath = new Map<string, RecordedFile>();
    const failures: OutputFailure[] = [];
    for (const result of results) {
      if (Array.isArray(result)) for (const file of result) byPath.set(file.path, file);
      else failures.push(result);
    }
    return {
      files: [...byPath.values()],
      failures,
      endedBy: this.#endedBy,
      programmeFed: programme?.fed ?? false,
    };
  }

  /**
   * The first output ending for a reason the others would meet settles the
   * recording's error, and ends the recording if it still runs.
   */
  #end(reason: ErrorInfo): void {
    if (this.#endedBy !== undefined) return;
    this.#endedBy = reason;
    if (this.#stopped) return;
    this.#deps.log.warn(
      { recordingId: this.#recording.id, reason },
      'recording ends: an output cannot go on',
    );
    this.#deps.onEnded(reason);
  }

  #settleOutput(output: TrackOutput, result: OutputResult): void {
    const reason = endingReason(result);
    if (reason !== undefined) this.#end(reason);
    this.#finishOutput(output, result);
  }

  #onProducer(peer: Peer, producer: types.Producer<ProducerData>): void {
    if (this.#stopped || peer.role !== 'point' || !RECORDED_SOURCES.has(producer.appData.source)) return;
    const running = this.#current.get(peer.id);
    // A source added to a running output (a camera turned on later): the output starts again with both.
    if (running) this.#stopOutput(peer.id);
    this.#schedule(peer, SETTLE_MS);
  }

  #schedule(peer: Peer, delay: number): void {
    clearTimeout(this.#pending.get(peer.id));
    this.#pending.set(
      peer.id,
      setTimeout(() => {
        this.#pending.delete(peer.id);
        this.#startOutput(peer).catch((error: unknown) =>
          this.#deps.log.error({ err: error, peer: peer.id }, 'cannot start recording a hall'),
        );
      }, delay),
    );
  }

  async #startOutput(point: Peer): Promise<void> {
    const pointId = point.identity.pointId;
    if (
      this.#stopped ||
      this.#endedBy !== undefined ||
      point.closed ||
      !pointId ||
      this.#current.has(point.id)
    )
      return;
    const producers = recordable(point);
    if (producers.length === 0) return;
    const session = (this.#sessions.get(pointId) ?? 0) + 1;
    this.#sessions.set(pointId, session);
    const output = new TrackOutput(point, `${this.#recording.id}.track-${pointId}.${session}`);
    this.#current.set(point.id, output);
    this.#all.push(output);
    try {
      const streams = [];
      for (const producer of producers) {
        const router = await this.#deps.room.egressRouter(point, producer);
        if (!router) continue;
        const port = await EgressPort.create(router, {
          id: producer.appData.source,
          listenIp: this.#deps.listenIp,
        });
        output.ports.push(port);
        if (!port.canCarry(producer)) {
          port.close();
          output.ports.pop();
          continue;
        }
        streams.push(await port.attach(producer));
      }
      if (streams.length === 0 || output.stopping) {
        this.#finishOutput(output, []);
        return;
      }
      output.unwatch = this.#deps.queues.recordEvents.watch(output.jobId, {
        progress: (data) => void this.#onProgress(output, data),
        completed: () => void this.#onDone(output),
        failed: (reason) => this.#settleOutput(output, { jobId: output.jobId, reason }),
      });
      const data: RecordJobData = {
        conferenceId: this.#recording.conferenceId,
        recordingId: this.#recording.id,
        output: { kind: 'track', pointId },
        streams,
      };
      output.job = await this.#deps.queues.record.add('record', data, {
        jobId: output.jobId,
        // An ffmpeg that dies is run again into a new segment; a lost worker is a stall, not an attempt.
        attempts: 3,
        backoff: { type: 'fixed', delay: 1_000 },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 24 * 3_600 },
      });
      this.#deps.log.info({ jobId: output.jobId, streams: streams.length }, 'recording a hall');
      this.#deps.onChange();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#finishOutput(output, { jobId: output.jobId, reason });
      throw error;
    }
  }

  async #onProgress(output: TrackOutput, data: unknown): Promise<void> {
    const checked = checkProgress(data);
    if (!checked.ok) return;
    const progress = checked.value;
    if (progress.phase === 'listening') {
      if (progress.attempt <= output.attempt) return;
      output.attempt = progress.attempt;
      // A job taken up again after its stop was sent never heard it: pub/sub keeps nothing.
      if (output.stopping) {
        await this.#publishStop(output);
        return;
      }
      for (const port of output.ports) {
        const rtpPort = progress.ports[port.id];
        if (rtpPort !== undefined) await port.connect({ host: progress.host, port: rtpPort });
      }
      this.#deps.log.info({ jobId: output.jobId, attempt: progress.attempt }, 'recorder connected');
    } else if (progress.phase === 'recording') {
      output.seconds = progress.seconds;
      output.bytes = progress.bytes;
      this.#deps.onChange();
    }
  }

  async #onDone(output: TrackOutput): Promise<void> {
    const job = await this.#deps.queues.record.getJob(output.jobId);
    const files = (job?.returnvalue ?? []) as RecordedFile[];
    this.#settleOutput(output, files);
  }

  #stopOutput(peerId: string): void {
    clearTimeout(this.#pending.get(peerId));
    this.#pending.delete(peerId);
    const output = this.#current.get(peerId);
    if (!output) return;
    this.#current.delete(peerId);
    output.stopping = true;
    void this.#publishStop(output);
    // A job that never starts (no media-worker) must not hold the recording forever.
    setTimeout(
      () =>
        this.#finishOutput(output, { jobId: output.jobId, reason: `no file after ${FINISH_TIMEOUT_MS} ms` }),
      FINISH_TIMEOUT_MS,
    ).unref();
  }

  async #publishStop(output: TrackOutput): Promise<void> {
    if (!output.job) return;
    await this.#deps.publisher
      .publish(egressControlChannel(output.jobId), JSON.stringify({ type: 'stop' }))
      .catch((error: unknown) => this.#deps.log.warn({ err: error, jobId: output.jobId }, 'stop not sent'));
  }

  #finishOutput(output: TrackOutput, result: OutputResult): void {
    output.unwatch();
    for (const port of output.ports) port.close();
    output.settle(result);
    if (this.#current.get(output.point.id) === output) this.#current.delete(output.point.id);
  }
}

function recordable(peer: Peer): types.Producer<ProducerData>[] {
  return [...peer.producers.values()].filter((p) => !p.closed && RECORDED_SOURCES.has(p.appData.source));
}
