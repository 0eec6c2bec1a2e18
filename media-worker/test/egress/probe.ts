// Test helpers reading what ffmpeg wrote: ffprobe's streams, durations and
// packet times.
import { run } from './ffmpeg-processes.js';

export interface Probed {
  durationSeconds: number;
  /** Codec and number of frames decoded, per stream. */
  streams: { codec: string; frames: number }[];
  /** What the decoders complained about; empty for a file that plays cleanly. */
  errors: string;
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: { codec_name?: string; nb_read_frames?: string }[];
}

/** Decodes every frame of `file` with ffprobe. */
export async function probe(ffprobe: string, file: string): Promise<Probed> {
  const result = await run(ffprobe, [
    '-v',
    'error',
    '-count_frames',
    '-show_entries',
    'format=duration:stream=codec_name,nb_read_frames',
    '-of',
    'json',
    file,
  ]);
  return { ...parse(result.stdout), errors: result.stderr };
}

function parse(stdout: string): Omit<Probed, 'errors'> {
  const json = JSON.parse(stdout === '' ? '{}' : stdout) as ProbeJson;
  return {
    durationSeconds: Number(json.format?.duration ?? NaN),
    streams: (json.streams ?? []).map((stream) => ({
      codec: stream.codec_name ?? '',
      frames: Number(stream.nb_read_frames ?? 0),
    })),
  };
}

/** The pts, in seconds, of every packet of one stream type ('v' or 'a') of `file`, in file order. */
export async function packetTimes(ffprobe: string, file: string, type: 'v' | 'a'): Promise<number[]> {
  const result = await run(ffprobe, [
    '-v',
    'error',
    '-select_streams',
    type,
    '-show_entries',
    'packet=pts_time',
    '-of',
    'csv=p=0',
    file,
  ]);
  return result.stdout.trim().split('\n').filter(Boolean).map(Number);
}
