import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LiveJobData } from '@diemcau/protocol';
import type { Logger } from 'pino';
import { sdpFor } from '../egress/sdp.js';
import { nextSegmentNumber } from '../egress/segments.js';
import type { StopTimeouts } from '../record/ffmpeg-process.js';
import { encoderArgs, type EncoderOutput, type EncoderVideo } from './encoder-args.js';
import type { LiveError } from './errors.js';
import { endedPlaylist, PLAYLIST, playlistState, staleSegments } from './hls-playlist.js';
import type { LivePorts } from './live-ports.js';
import { mixerArgs } from './mixer-args.js';
import { pcmSdp } from './pcm-sdp.js';
import { SupervisedFfmpeg } from './supervised-ffmpeg.js';
import { STALL_MS, VideoWatch } from './video-watch.js';

export const SLATE_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

// The encoder gets `q` to finish its segment; stalled on an input that stopped, it reads no `q`.
const ENCODER_STOP: StopTimeouts = { quitMs: 3_000, interruptMs: 2_000 };
// The mixer writes no file: nothing to finish, and a slot gone silent stalls it where `q` is not read.
const MIXER_STOP: StopTimeouts = { quitMs: 300, interruptMs: 500 };

export interface Programme {
  video: boolean;
  /** Audio slot ids with a live microphone. */
  audio: readonly string[];
}

/** The programme's RTP slots: the video (VP8) and the audio slots (Opus). */
export type ProgrammeSlots = Pick<LiveJobData, 'video' | 'audio'>;

/**
 * Where the encoder writes: the livestream's HLS and relays, or a recording's
 * segments (each encoder start continues after the segments already there).
 */
export type PipelineOutput =
  | Extract<EncoderOutput, { kind: 'live' }>
  | Omit<Extract<EncoderOutput, { kind: 'segments' }>, 'startNumber'>;

export interface PipelineOptions {
  ffmpeg: string;
  data: ProgrammeSlots;
  ports: Pick<LivePorts, 'streams' | 'pcm'>;
  /** The address the server sends RTP to, as written in the slot SDPs. */
  rtpHost: string;
  /** Where the SDP files go (the job's scratch directory). */
  workDir: string;
  output: PipelineOutput;
  log: Logger;
  /** An encoder on video waits for a key frame: the job asks the server for one. */
  requestKeyFrame(): void;
  onFailure(error: LiveError): void;
}

/**
 * The programme's mixer and encoder, kept in line with the latest `programme`
 * message. The mix changes by restarting the mixer with the slots now named
 * (the sound drops for about half a second); the picture changes between the
 * slot's video and the slate by restarting the encoder (HLS goes on after a
 * discontinuity, relays see a short gap, a recording goes on in a new segment). The encoder on video reads the slot's
 * port itself; one that shows no new frame for STALL_MS (its source gone, and
 * the server has not said so) goes on the slate until the next `programme` with
 * video, instead of stalling HLS and every relay.
 */
export class ProgrammePipeline {
  private readonly mixer: SupervisedFfmpeg;
  private readonly encoder: SupervisedFfmpeg;
  private readonly videoWatch: VideoWatch;
  private programme: Programme = { video: false, audio: [] };
  /** The encoder on video stalled: the slate until a `programme` names the video again. */
  private videoStalled = false;
  private mixing: string[] | undefined;
  private encodingVideo: boolean | undefined;
  private reconciling: Promise<void> | undefined;
  private dirty = false;
  private stopping = false;

  constructor(private readonly options: PipelineOptions) {
    const { ffmpeg, log, onFailure } = options;
    this.mixer = new SupervisedFfmpeg({
      name: 'mixer',
      ffmpeg,
      code: 'MIXER_FAILED',
      stopTimeouts: MIXER_STOP,
      log,
      onGiveUp: onFailure,
    });
    this.encoder = new SupervisedFfmpeg({
      name: 'encoder',
      ffmpeg,
      code: 'ENCODER_FAILED',
      stopTimeouts: ENCODER_STOP,
      log,
      onGiveUp: onFailure,
      onStdout: (chunk) => this.videoWatch.progress(chunk),
    });
    this.videoWatch = new VideoWatch({
      port: this.videoPort(),
      log,
      requestKeyFrame: () => options.requestKeyFrame(),
      onStalled: () => this.videoStalledNow(),
    });
  }

  /** Writes the SDPs and starts on silence and the slate, until the first `programme`. */
  async start(): Promise<void> {
    const { data, ports, rtpHost, workDir } = this.options;
    await writeFile(this.pcmSdpPath(), pcmSdp(ports.pcm));
    await writeFile(
      this.videoSdpPath(),
      sdpFor([data.video], { host: rtpHost, ports: { [data.video.id]: this.videoPort() } }),
    );
    for (const slot of data.audio) {
      await writeFile(
        path.join(workDir, `slot-${slot.id}.sdp`),
        sdpFor([slot], { host: rtpHost, ports: ports.streams }),
      );
    }
    this.reconcile();
    await this.reconciling;
  }

  /** False only while the encoder shows the slot's video: on the slate, or starting on video without a picture yet. */
  get slate(): boolean {
    return this.encodingVideo !== true || !this.videoWatch.showing;
  }

  set(programme: Programme): void {
    const known = new Set(this.options.data.audio.map((slot) => slot.id));
    const unknown = programme.audio.filter((id) => !known.has(id));
    if (unknown.length > 0) this.options.log.warn({ unknown }, 'ignored audio slots the job was not given');
    const audio = [...new Set(programme.audio)].filter((id) => known.has(id)).sort();
    this.programme = { video: programme.video, audio };
    if (programme.video) this.videoStalled = false;
    this.reconcile();
  }

  /**
   * Stops the encoder first (it finishes its segment while the mix still flows),
   * then the mixer. `final`: the stream is over, so a live playlist gets its end tag.
   */
  async stop({ final }: { final: boolean }): Promise<void> {
    this.stopping = true;
    await this.reconciling;
    await this.encoder.close();
    this.videoWatch.stop();
    const { output } = this.options;
    if (final && output.kind === 'live' && output.hlsDir !== null) await this.endPlaylist(output.hlsDir);
    await this.mixer.close();
  }

  private reconcile(): void {
    if (this.reconciling !== undefined) {
      this.dirty = true;
      return;
    }
    this.reconciling = this.apply()
      .catch((error: LiveError) => this.options.onFailure(error))
      .finally(() => (this.reconciling = undefined));
  }

  private async apply(): Promise<void> {
    do {
      this.dirty = false;
      if (this.stopping) return;
      const audio = this.programme.audio;
      if (this.mixing === undefined || audio.join('\n') !== this.mixing.join('\n')) {
        this.mixing = [...audio];
        this.options.log.info({ audio }, 'mixer (re)starting');
        await this.mixer.run(() => this.mixerArgs(audio));
      }
      const video = this.programme.video && !this.videoStalled;
      if (video !== this.encodingVideo) {
        this.encodingVideo = video;
        this.options.log.info({ slate: !video }, 'encoder (re)starting');
        await this.encoder.run(() => this.encoderArgs(video));
      }
    } while (this.dirty);
  }

  private async mixerArgs(audio: readonly string[]): Promise<string[]> {
    const slotSdpPaths = audio.map((id) => path.join(this.options.workDir, `slot-${id}.sdp`));
    return mixerArgs({ slotSdpPaths, outputPort: this.options.ports.pcm });
  }

  private async encoderArgs(video: boolean): Promise<string[]> {
    const encoderOutput = await this.encoderOutput();
    const source: EncoderVideo = video
      ? { kind: 'rtp', sdpPath: this.videoSdpPath() }
      : { kind: 'slate', fontFile: existsSync(SLATE_FONT) ? SLATE_FONT : null };
    // Each start, restarts after a crash included: the new encoder needs a key frame of its own.
    if (video) this.videoWatch.start();
    else this.videoWatch.stop();
    return encoderArgs({
      pcmSdpPath: this.pcmSdpPath(),
      video: source,
      startedAtSeconds: Date.now() / 1000,
      output: encoderOutput,
    });
  }

  private async encoderOutput(): Promise<EncoderOutput> {
    const { output } = this.options;
    if (output.kind === 'segments') {
      const startNumber = nextSegmentNumber(await readdir(output.segmentDir));
      return { ...output, startNumber };
    }
    if (output.hlsDir !== null) await this.removeStaleSegments(output.hlsDir);
    return output;
  }

  private videoStalledNow(): void {
    if (this.stopping || this.encodingVideo !== true) return;
    this.options.log.warn(
      { stallMs: STALL_MS },
      'programme video shows no new frame: the slate until the next programme with video',
    );
    this.videoStalled = true;
    this.reconcile();
  }

  private videoPort(): number {
    const { data, ports } = this.options;
    return ports.streams[data.video.id] ?? 0;
  }

  private async removeStaleSegments(hlsDir: string): Promise<void> {
    const playlist = await readFile(path.join(hlsDir, PLAYLIST), 'utf8').catch(() => '');
    const stale = staleSegments(await readdir(hlsDir), playlistState(playlist));
    await Promise.all(stale.map((name) => rm(path.join(hlsDir, name), { force: true })));
  }

  /** Written beside and renamed over, as ffmpeg writes it, so a player never reads half a playlist. */
  private async endPlaylist(hlsDir: string): Promise<void> {
    const file = path.join(hlsDir, PLAYLIST);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) return;
    await writeFile(`${file}.end`, endedPlaylist(text));
    await rename(`${file}.end`, file);
  }

  private pcmSdpPath(): string {
    return path.join(this.options.workDir, 'mix.sdp');
  }

  private videoSdpPath(): string {
    return path.join(this.options.workDir, 'video.sdp');
  }
}
