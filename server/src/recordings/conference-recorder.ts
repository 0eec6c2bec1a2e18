import type { RecordedFile, RecordingProgress, Recording } from '@diemcau/protocol';
import type { types } from 'mediasoup';
import type { Peer, ProducerData } from '../sfu/peer.js';
import { ProgrammeOutput } from './programme-output.js';
import type { RecorderDeps } from './recorder-deps.js';
import { endingReason, type ErrorInfo, type OutputFailure } from './recording-outcome.js';
import { TrackOutput } from './track-output.js';

/** Copy segments are cut at key frames: one at least this often keeps a crash's loss to a segment. */
const KEY_FRAME_MS = 2_000;
/** A point makes its microphone and camera one after the other: its output starts once both had time. */
const SETTLE_MS = 800;
const RECORDED_SOURCES = new Set(['mic', 'camera']);

/** What the recording's outputs left once stopped. */
export interface RecorderResult {
  files: RecordedFile[];
  failures: OutputFailure[];
  endedBy: ErrorInfo | undefined;
  /** Whether the programme ever had a source sending (false: it only showed the slate). */
  programmeFed: boolean;
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
      for (const output of this.#current.values()) output.requestKeyFrames();
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
    const output = new TrackOutput(this.#deps, this.#recording, point, pointId, session);
    this.#current.set(point.id, output);
    this.#all.push(output);
    void output.finished.then((result) => {
      const reason = endingReason(result);
      if (reason !== undefined) this.#end(reason);
      if (this.#current.get(point.id) === output) this.#current.delete(point.id);
    });
    await output.start(producers);
  }

  #stopOutput(peerId: string): void {
    clearTimeout(this.#pending.get(peerId));
    this.#pending.delete(peerId);
    const output = this.#current.get(peerId);
    if (!output) return;
    this.#current.delete(peerId);
    output.stop();
  }
}

function recordable(peer: Peer): types.Producer<ProducerData>[] {
  return [...peer.producers.values()].filter((p) => !p.closed && RECORDED_SOURCES.has(p.appData.source));
}
