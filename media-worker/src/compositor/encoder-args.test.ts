// Tests of the programme encoder's ffmpeg arguments for each picture and
// each output.
import { describe, expect, it } from 'vitest';
import { rtpInputArgs } from '../egress/rtp-input.js';
import { encoderArgs, SLATE_TEXT, teeEscape } from './encoder-args.js';
import { gridFilter } from './grid-layout.js';

const ENCODING = [
  ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency'],
  ...['-g', '30', '-keyint_min', '30', '-sc_threshold', '0'],
  ...['-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k'],
  ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'],
];
const HLS =
  '[f=hls:hls_time=1:hls_list_size=6' +
  ':hls_flags=delete_segments+temp_file+independent_segments+append_list+omit_endlist]/data/hls/c1/index.m3u8';
const SCALE = 'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1';

describe('encoderArgs', () => {
  it('encodes the slot video and the mix once, to HLS and to each relay', () => {
    const args = encoderArgs({
      pcmSdpPath: '/w/mix.sdp',
      video: { kind: 'rtp', sdpPath: '/w/video.sdp' },
      startedAtSeconds: 1_760_000_000.1234,
      output: { kind: 'live', hlsDir: '/data/hls/c1', relayPorts: [41000, 41002] },
    });
    expect(args).toEqual([
      ...['-hide_banner', '-nostats', '-loglevel', 'level+warning'],
      ...['-progress', 'pipe:1'],
      '-copyts',
      ...['-fpsprobesize', '0', '-thread_queue_size', '1024', '-itsoffset', '-1760000000.123'],
      ...rtpInputArgs('/w/video.sdp', 'switched'),
      ...['-thread_queue_size', '1024', '-itsoffset', '-1760000000.123'],
      ...rtpInputArgs('/w/mix.sdp', 'switched'),
      ...['-map', '0:v', '-vf', `${SCALE},fps=30,format=yuv420p`],
      ...['-map', '1:a', '-af', 'aresample=async=1'],
      ...ENCODING,
      '-f',
      'tee',
      `${HLS}|[f=mpegts:onfail=ignore]udp://127.0.0.1:41000?pkt_size=1316` +
        '|[f=mpegts:onfail=ignore]udp://127.0.0.1:41002?pkt_size=1316',
    ]);
  });

  it('shows the slate, paced at real time, with its text when there is a font', () => {
    const args = encoderArgs({
      pcmSdpPath: '/w/mix.sdp',
      video: { kind: 'slate', fontFile: '/fonts/DejaVuSans.ttf' },
      startedAtSeconds: 1_760_000_000,
      output: { kind: 'live', hlsDir: '/data/hls/c1', relayPorts: [] },
    });
    const input = args.indexOf('lavfi');
    expect(input).toBe(args.indexOf('-copyts') + 3);
    expect(args.slice(input - 2, input + 3)).toEqual([
      '-re',
      '-f',
      'lavfi',
      '-i',
      'color=c=0x1f2937:s=1280x720:r=30',
    ]);
    expect(args.filter((arg) => arg === '-itsoffset')).toHaveLength(1);
    expect(args[args.indexOf('-vf') + 1]).toBe(
      `drawtext=fontfile=/fonts/DejaVuSans.ttf:text=${SLATE_TEXT}:fontcolor=white:fontsize=44` +
        `:x=(w-text_w)/2:y=(h-text_h)/2,${SCALE},fps=30,format=yuv420p`,
    );
    expect(args.at(-1)).toBe(HLS);
    expect(SLATE_TEXT).not.toMatch(/[':,;[\]\\%]/);
  });

  it('draws no text without a font, and sends to the relays only without a watch page', () => {
    const args = encoderArgs({
      pcmSdpPath: '/w/mix.sdp',
      video: { kind: 'slate', fontFile: null },
      startedAtSeconds: 1_760_000_000,
      output: { kind: 'live', hlsDir: null, relayPorts: [41000] },
    });
    expect(args[args.indexOf('-vf') + 1]).toBe(`${SCALE},fps=30,format=yuv420p`);
    expect(args.at(-1)).toBe('[f=mpegts:onfail=ignore]udp://127.0.0.1:41000?pkt_size=1316');
  });

  it('records to numbered Matroska segments instead, continuing from the start number', () => {
    const args = encoderArgs({
      pcmSdpPath: '/w/mix.sdp',
      video: { kind: 'rtp', sdpPath: '/w/video.sdp' },
      startedAtSeconds: 1_760_000_000,
      output: {
        kind: 'segments',
        segmentDir: '/rec/r1/programme/segments',
        segmentSeconds: 2,
        startNumber: 7,
      },
    });
    expect(args.slice(args.indexOf('-c:v'), args.indexOf('-f', args.indexOf('-c:v')))).toEqual(ENCODING);
    expect(args.slice(args.lastIndexOf('-f'))).toEqual([
      ...['-f', 'segment', '-segment_time', '2', '-segment_format', 'matroska'],
      ...['-reset_timestamps', '1', '-strftime', '0', '-segment_start_number', '7'],
      '/rec/r1/programme/segments/%05d.mkv',
    ]);
    expect(args).not.toContain('tee');
  });
});

describe('encoderArgs, grid layout', () => {
  it('reads the cells from one SDP, composes them, and takes the mix after them', () => {
    const cells = [{ captionFile: '/w/caption-video-0.txt' }, { captionFile: null }];
    const args = encoderArgs({
      pcmSdpPath: '/w/mix.sdp',
      video: { kind: 'grid', sdpPath: '/w/grid.sdp', cells, fontFile: '/fonts/DejaVuSans.ttf' },
      startedAtSeconds: 1_760_000_000.1234,
      output: { kind: 'live', hlsDir: '/data/hls/c1', relayPorts: [] },
    });
    const input = (sdpPath: string) => [
      ...['-thread_queue_size', '1024', '-itsoffset', '-1760000000.123'],
      ...rtpInputArgs(sdpPath, 'switched'),
    ];
    expect(args.slice(args.indexOf('-copyts'), args.indexOf('-c:v'))).toEqual([
      '-copyts',
      ...['-fpsprobesize', '0', ...input('/w/grid.sdp')],
      ...input('/w/mix.sdp'),
      '-filter_complex',
      gridFilter(cells, { width: 1280, height: 720, fps: 30, color: 'black' }, '/fonts/DejaVuSans.ttf', 'v'),
      ...['-map', '[v]', '-map', '1:a', '-af', 'aresample=async=1'],
    ]);
    expect(args.slice(args.indexOf('-c:v'), args.indexOf('-f', args.indexOf('-c:v')))).toEqual(ENCODING);
    expect(args).not.toContain('-vf');
  });
});

describe('teeEscape', () => {
  it('escapes what the tee muxer would read as syntax', () => {
    expect(teeEscape("hls/a b|c'd[e]\\f/index.m3u8")).toBe("hls/a\\ b\\|c\\'d\\[e\\]\\\\f/index.m3u8");
    expect(teeEscape('/data/hls/c1/index.m3u8')).toBe('/data/hls/c1/index.m3u8');
  });
});
