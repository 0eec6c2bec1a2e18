// The programme compositor and encoder shared by the livestream and the programme
// recording: mixes the audio slots and composes the picture the `programme` message names.
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgrammeControl } from '@diemcau/protocol';
import type { Logger } from 'pino';
import type { EgressError } from '../egress/errors.js';
import type { StopTimeouts } from '../egress/ffmpeg-process.js';
import { sdpFor } from '../egress/sdp.js';
import { nextSegmentNumber } from '../egress/segments.js';
import { SupervisedFfmpeg } from '../egress/supervised-ffmpeg.js';
import { encoderArgs, type EncoderOutput, type EncoderVideo } from './encoder-args.js';
import { captionText } from './grid-layout.js';
import { endedPlaylist, PLAYLIST, playlistState, staleSegments } from './hls-playlist.js';
import type { CompositorPorts } from './ports.js';
import { mixerArgs } from './mixer-args.js';
import { pcmSdp } from './pcm-sdp.js';
import type { CompositorSlots } from './slots.js';
import { STALL_MS, VideoWatch } from './video-watch.js';

export const SLATE_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

// The encoder gets `q` to finish its segment; stalled on an input that stopped, it reads no `q`.
const ENCODER_STOP: StopTimeouts = { quitMs: 3_000, interruptMs: 2_000 };
// The mixer writes no file: nothing to finish, and a slot gone silent stalls it where `q` is not read.
const MIXER_STOP: StopTimeouts = { quitMs: 300, interruptMs: 500 };

/**
 * How long a new compositor waits for its first `programme` before starting on
 * the slate. The server sends one right after `listening`: starting at once
 * would show the slate for a moment and restart on the video, leaving a
 * segment of almost nothing.
 */
export const FIRST_PROGRAMME_MS = 2_000;

/** What the `programme` message asks the compositor to show and mix. */
type Programme = Omit<ProgrammeControl, 'type'>;

/** A grid cell as the `programme` message names it: a video slot and the caption drawn on it. */
type ProgrammeCell = NonNullable<ProgrammeControl['grid']>[number];

/**
 * Where the encoder writes: the livestream's HLS and relays, or a recording's
 * segments (each encoder start continues after the segments already there).
 */
export type CompositorOutput =
  | Extract<EncoderOutput, { kind: 'live' }>
  | Omit<Extract<EncoderOutput, { kind: 'segments' }>, 'startNumber'>;

export interface CompositorOptions {
  ffmpeg: string;
  data: CompositorSlots;
  ports: Pick<CompositorPorts, 'streams' | 'pcm'>;
  /** The address the server sends RTP to, as written in the slot SDPs. */
  rtpHost: string;
  /** Where the SDP files go (the job's scratch directory). */
  workDir: string;
  output: CompositorOutput;
  log: Logger;
  /** An encoder on video waits for a key frame: the job asks the server for one. */
  requestKeyFrame(): void;
  onFailure(error: EgressError): void;
}

/**
 * The programme compositor: an audio mixer and the encoder that composes the
 * picture (a slot's video, the grid or the slate), kept in line with the latest `programme`
 * message (the first one awaited up to FIRST_PROGRAMME_MS). The mix changes by
 * restarting the mixer with the slots now named (the sound drops for about half
 * a second); the picture changes (the slot's video or the slate; in the grid
 * layout, the set, order or captions of the cells) by restarting the encoder
 * (HLS goes on after a discontinuity, relays see a short gap, a recording goes
 * on in a new segment). The encoder on video reads the slots' ports itself; one
 * that shows no new frame for STALL_MS (a source gone, and the server has not
 * said so) goes on the slate until the next `programme` with video, instead of
 * stalling HLS and every relay.
 */
export class Compositor {
  private readonly mixer: SupervisedFfmpeg;
  private readonly encoder: SupervisedFfmpeg;
  private readonly videoWatch: VideoWatch;
  private programme: Programme = { video: false, audio: [] };
  /** The encoder on video stalled: the slate until a `programme` names the video again. */
  private videoStalled = false;
  private mixing: string[] | undefined;
  /** The cells the encoder shows (none: the slate), as a key that changes with any of them. */
  private showing: string | undefined;
  private onVideo = false;
  private reconciling: Promise<void> | undefined;
  private dirty = false;
  private stopping = false;
  /** The SDPs are written: the compositor may start. */
  private ready = false;
  private heard = false;
  private firstWait: NodeJS.Timeout | undefined;

  constructor(private readonly options: CompositorOptions) {
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
      log,
      requestKeyFrame: () => options.requestKeyFrame(),
      onStalled: () => this.videoStalledNow(),
    });
  }

  /**
   * Writes the SDPs; the mixer and encoder start on the first `programme`, or
   * on silence and the slate if none came within FIRST_PROGRAMME_MS.
   */
  async start(): Promise<void> {
    const { data, ports, rtpHost } = this.options;
    await writeFile(this.pcmSdpPath(), pcmSdp(ports.pcm));
    // One SDP per slot read alone: the speaker's video and each audio slot (a grid's is written per start).
    for (const slot of [...(data.layout === 'speaker' ? data.video : []), ...data.audio]) {
      await writeFile(this.slotSdpPath(slot.id), sdpFor([slot], { host: rtpHost, ports: ports.streams }));
    }
    this.ready = true;
    if (this.heard) this.reconcile();
    else this.firstWait = setTimeout(() => this.reconcile(), FIRST_PROGRAMME_MS);
  }

  /** False only while the encoder shows the slots' video: on the slate, or starting on video without a picture yet. */
  get slate(): boolean {
    return !this.onVideo || !this.videoWatch.showing;
  }

  set(programme: ProgrammeControl): void {
    const { log, data } = this.options;
    const known = new Set(data.audio.map((slot) => slot.id));
    const unknown = programme.audio.filter((id) => !known.has(id));
    if (unknown.length > 0) log.warn({ unknown }, 'ignored audio slots the job was not given');
    const audio = [...new Set(programme.audio)].filter((id) => known.has(id)).sort();
    const videoSlots = new Set(data.video.map((slot) => slot.id));
    const cells = (programme.grid ?? []).filter(
      (cell, i, all) => videoSlots.has(cell.slot) && all.findIndex((c) => c.slot === cell.slot) === i,
    );
    if (cells.length < (programme.grid ?? []).length)
      log.warn({ grid: programme.grid }, 'ignored grid cells the job was not given, or named twice');
    this.programme = { video: programme.video, audio, grid: cells };
    if (programme.video) this.videoStalled = false;
    this.heard = true;
    clearTimeout(this.firstWait);
    if (this.ready) this.reconcile();
  }

  /**
   * Stops the encoder first (it finishes its segment while the mix still flows),
   * then the mixer. `final`: the stream is over, so a live playlist gets its end tag.
   */
  async stop({ final }: { final: boolean }): Promise<void> {
    this.stopping = true;
    clearTimeout(this.firstWait);
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
      .catch((error: EgressError) => this.options.onFailure(error))
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
      const cells = this.cells();
      const showing = JSON.stringify(cells);
      if (showing !== this.showing) {
        this.showing = showing;
        this.onVideo = cells.length > 0;
        const slots = cells.map((cell) => cell.slot);
        this.options.log.info({ slate: !this.onVideo, slots }, 'encoder (re)starting');
        await this.encoder.run(() => this.encoderArgs(cells));
      }
    } while (this.dirty);
  }

  /** What the encoder should show: the video slots, in order (none: the slate). */
  private cells(): readonly ProgrammeCell[] {
    const { video, grid } = this.programme;
    if (!video || this.videoStalled) return [];
    const { data } = this.options;
    return data.layout === 'grid' ? (grid ?? []) : [{ slot: data.video[0]!.id, name: '' }];
  }

  private async mixerArgs(audio: readonly string[]): Promise<string[]> {
    const slotSdpPaths = audio.map((id) => this.slotSdpPath(id));
    return mixerArgs({ slotSdpPaths, outputPort: this.options.ports.pcm });
  }

  private async encoderArgs(cells: readonly ProgrammeCell[]): Promise<string[]> {
    const encoderOutput = await this.encoderOutput();
    const fontFile = existsSync(SLATE_FONT) ? SLATE_FONT : null;
    const source: EncoderVideo =
      cells.length === 0
        ? { kind: 'slate', fontFile }
        : this.options.data.layout === 'speaker'
          ? { kind: 'rtp', sdpPath: this.slotSdpPath(cells[0]!.slot) }
          : { kind: 'grid', sdpPath: await this.gridSdp(cells), cells: await this.captions(cells), fontFile };
    // Each start, restarts after a crash included: the new encoder needs key frames of its own.
    if (cells.length > 0) this.videoWatch.start(cells.map((cell) => this.portOf(cell.slot)));
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

  /** The grid's cells as one SDP, in the order shown: ffmpeg binds all its ports at once. */
  private async gridSdp(cells: readonly ProgrammeCell[]): Promise<string> {
    const { data, ports, rtpHost, workDir } = this.options;
    const streams = cells.map((cell) => data.video.find((slot) => slot.id === cell.slot)!);
    const sdpPath = path.join(workDir, 'grid.sdp');
    await writeFile(sdpPath, sdpFor(streams, { host: rtpHost, ports: ports.streams }));
    return sdpPath;
  }

  /** Each cell's caption, written to a file that drawtext reads as is (no escaping); null without a name. */
  private async captions(cells: readonly ProgrammeCell[]): Promise<{ captionFile: string | null }[]> {
    return Promise.all(
      cells.map(async (cell) => {
        const text = captionText(cell.name);
        if (text === '') return { captionFile: null };
        const captionFile = path.join(this.options.workDir, `caption-${cell.slot}.txt`);
        await writeFile(captionFile, text);
        return { captionFile };
      }),
    );
  }

  private videoStalledNow(): void {
    if (this.stopping || !this.onVideo) return;
    this.options.log.warn(
      { stallMs: STALL_MS },
      'programme video shows no new frame: the slate until the next programme with video',
    );
    this.videoStalled = true;
    this.reconcile();
  }

  private portOf(slot: string): number {
    return this.options.ports.streams[slot] ?? 0;
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

  private slotSdpPath(slot: string): string {
    return path.join(this.options.workDir, `slot-${slot}.sdp`);
  }
}
