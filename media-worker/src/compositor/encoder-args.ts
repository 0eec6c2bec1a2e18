// The ffmpeg arguments of the programme encoder: the picture (a slot's
// video, the grid or the slate) and the mix, to HLS and relays or to segments.
import { LOG_ARGS } from '../egress/log-args.js';
import { matroskaSegmentArgs } from '../egress/recorder-args.js';
import { rtpInputArgs } from '../egress/rtp-input.js';
import { gridFilter, type GridCellFilter } from './grid-layout.js';
import { PLAYLIST } from './hls-playlist.js';

export const WIDTH = 1280;
export const HEIGHT = 720;
export const FPS = 30;
/** One key frame a second: HLS segments and relay (re)starts both begin on one. */
const GOP = FPS;
const VIDEO_KBPS = 2500;
const AUDIO_KBPS = 128;
const HLS_SEGMENT_SECONDS = 1;
const INPUT_QUEUE_PACKETS = 1024;
/** Six 1 s segments in the playlist; the watch page plays two behind its end (docs/livestream.md: ~1.75 s glass to glass). */
const HLS_LIST_SIZE = 6;
const SLATE_COLOR = '0x1f2937';
/** The grid's frame; black for the letterbox bands and the places no cell takes. */
const GRID_FRAME = { width: WIDTH, height: HEIGHT, fps: FPS, color: 'black' };
/** Free of filtergraph special characters (' : , ; [ ] \ %), so it needs no escaping. */
export const SLATE_TEXT = 'Chương trình sẽ tiếp tục trong giây lát';

export type EncoderVideo =
  /** The programme slot's VP8, read from the slot's own port (the server swaps the consumer behind it). */
  | { kind: 'rtp'; sdpPath: string }
  /** No programme video: a plain slate, with text when a font is there to draw it. */
  | { kind: 'slate'; fontFile: string | null }
  /**
   * The grid layout: the cells' video slots, read from their own ports through one
   * SDP (one stream per cell, in order), composed side by side (`gridFilter`) and
   * captioned when a font is there to draw them.
   */
  | { kind: 'grid'; sdpPath: string; cells: readonly GridCellFilter[]; fontFile: string | null };

export type EncoderOutput =
  /** The livestream: HLS (`<hlsDir>/<slug>`, or null without a watch page) and an MPEG-TS copy per relay port. */
  | { kind: 'live'; hlsDir: string | null; relayPorts: readonly number[] }
  /**
   * A recording: Matroska segments `<segmentDir>/00000.mkv`, ... from `startNumber`,
   * so a restarted encoder continues after the files already there and finalising joins them.
   */
  | { kind: 'segments'; segmentDir: string; segmentSeconds: number; startNumber: number };

export interface EncoderOptions {
  /** The mixer's L16 (`pcmSdp`). */
  pcmSdpPath: string;
  video: EncoderVideo;
  /**
   * Unix time in seconds, taken just before the start. RTP inputs are timed by
   * arrival (wall clock); shifting both by it keeps them on one timeline that begins near 0.
   */
  startedAtSeconds: number;
  output: EncoderOutput;
}

/**
 * The programme encoder: the programme video (or the slate, or the grid of several
 * slots) and the mix, scaled and padded to 1280x720 at 30 fps, H.264 + AAC, encoded
 * once for every output.
 */
export function encoderArgs(options: EncoderOptions): string[] {
  const { pcmSdpPath, video, startedAtSeconds, output } = options;
  // Input timestamps as they are (arrival, on the wall clock), shifted by the start:
  // ffmpeg would otherwise start each input at 0 on its own, putting sound and picture out of step.
  // A deep queue per input: the PCM comes in ~130 packets a second, and a blocked reader
  // would take them in bursts, stamped late, which aresample would cut as out of time.
  const rtpInput = (sdpPath: string) => [
    '-thread_queue_size',
    String(INPUT_QUEUE_PACKETS),
    '-itsoffset',
    `-${startedAtSeconds.toFixed(3)}`,
    ...rtpInputArgs(sdpPath, 'switched'),
  ];
  // No frame-rate probe (the fps filter sets the rate): with arrival timestamps it finds
  // none, and keeps ffmpeg probing the input for its whole analyzeduration (5 s) after the key frame.
  // A grid's cells are one SDP, one input: ffmpeg opens inputs one after the other, each
  // once the one before has a key frame, but binds all of one SDP's ports at once.
  const videoInput =
    video.kind === 'slate'
      ? ['-re', '-f', 'lavfi', '-i', `color=c=${SLATE_COLOR}:s=${WIDTH}x${HEIGHT}:r=${FPS}`]
      : ['-fpsprobesize', '0', ...rtpInput(video.sdpPath)];
  const slateText =
    video.kind === 'slate' && video.fontFile !== null
      ? [
          `drawtext=fontfile=${video.fontFile}:text=${SLATE_TEXT}:fontcolor=white:fontsize=44` +
            ':x=(w-text_w)/2:y=(h-text_h)/2',
        ]
      : [];
  const simpleFilters = [
    ...slateText,
    `scale=${WIDTH}:${HEIGHT}:force_original_aspect_ratio=decrease`,
    `pad=${WIDTH}:${HEIGHT}:(ow-iw)/2:(oh-ih)/2`,
    'setsar=1',
    // Arrival-timed frames come unevenly: duplicate or drop to a constant rate.
    `fps=${FPS}`,
    'format=yuv420p',
  ];
  const picture =
    video.kind === 'grid'
      ? ['-filter_complex', gridFilter(video.cells, GRID_FRAME, video.fontFile, 'v'), '-map', '[v]']
      : ['-map', '0:v', '-vf', simpleFilters.join(',')];
  return [
    ...LOG_ARGS,
    // The frame count on stdout: one that stands still on video means no key frame or no source.
    ...['-progress', 'pipe:1'],
    '-copyts',
    // Video first: ffmpeg opens inputs in turn, and the slot's waits for a key frame. The mix,
    // opened after, would meanwhile pile up unread and then come in a burst stamped late.
    ...videoInput,
    ...rtpInput(pcmSdpPath),
    ...picture,
    '-map',
    '1:a',
    // Fills the gap while the mixer restarts with silence, keeping sound and picture in step.
    '-af',
    'aresample=async=1',
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency'],
    ...['-g', String(GOP), '-keyint_min', String(GOP), '-sc_threshold', '0'],
    ...['-b:v', `${VIDEO_KBPS}k`, '-maxrate', `${VIDEO_KBPS}k`, '-bufsize', `${VIDEO_KBPS}k`],
    ...['-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ar', '48000', '-ac', '2'],
    ...(output.kind === 'live' ? ['-f', 'tee', teeOutputs(output)] : matroskaSegmentArgs(output)),
  ];
}

function teeOutputs({ hlsDir, relayPorts }: Extract<EncoderOutput, { kind: 'live' }>): string {
  const hls =
    hlsDir === null
      ? []
      : [
          '[f=hls:hls_time=' +
            `${HLS_SEGMENT_SECONDS}:hls_list_size=${HLS_LIST_SIZE}` +
            // append_list: a restarted encoder continues the list and its numbering after a
            // #EXT-X-DISCONTINUITY; omit_endlist: a restart is no end (the job marks the real one).
            ':hls_flags=delete_segments+temp_file+independent_segments+append_list+omit_endlist]' +
            teeEscape(`${hlsDir}/${PLAYLIST}`),
        ];
  // onfail=ignore: a relay output that fails is dropped, not the encoder. UDP without
  // `connect` does not fail when no relay listens, so a relay restarting loses packets only.
  const relays = relayPorts.map((port) => `[f=mpegts:onfail=ignore]udp://127.0.0.1:${port}?pkt_size=1316`);
  return [...hls, ...relays].join('|');
}

/** The tee muxer splits outputs on `|` and unquotes `'` and `\`; a leading `[` would open options. */
export function teeEscape(file: string): string {
  return file.replace(/[\\'|[\]\s]/g, (char) => `\\${char}`);
}
