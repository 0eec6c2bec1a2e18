import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * CPU use of processes from /proc (Linux), for the benchmarks: seconds used so
 * far, the process tree, command lines, and per-second samples of a set of
 * processes that may change while it is watched (ffmpeg started and stopped).
 */

const USER_HZ = 100; // clock ticks per second of utime/stime on Linux

/** The fields after the parenthesised command name of /proc/<pid>/stat (the name may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Seconds of CPU (user + system) the process has used; undefined once it is gone. */
export function procCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  // utime and stime are the 14th and 15th fields of the whole line.
  return fields && (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** argv of a process; undefined once it is gone. */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg, i, all) => arg !== '' || i < all.length - 1);
  } catch {
    return undefined;
  }
}

/** Every process below `root` in the process tree (children, their children...). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = Number(statFields(pid)?.[1]);
    if (!Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export type FfmpegRole = 'encoder' | 'mixer' | 'relay' | 'recorder' | 'other';

/** What an ffmpeg of the media-worker does, from its arguments; null for anything but ffmpeg. */
export function ffmpegRole(argv: readonly string[]): FfmpegRole | null {
  if (!path.basename(argv[0] ?? '').startsWith('ffmpeg')) return null;
  const after = (flag: string) => argv.filter((_, i) => argv[i - 1] === flag);
  if (after('-c:v').includes('libx264')) return 'encoder';
  if (after('-filter_complex').some((graph) => graph.includes('amix='))) return 'mixer';
  if (after('-f').includes('flv')) return 'relay';
  if (after('-f').includes('segment')) return 'recorder';
  return 'other';
}

/** One process's CPU, in % of one core, every second it was seen for a whole second. */
export interface ProcessSeries {
  pid: number;
  label: string;
  samples: number[];
}

export interface CpuRecord {
  /** Each process that was watched, restarts included (a new pid is a new series). */
  processes: ProcessSeries[];
  /** Per second: the sum by label of the processes seen that second. */
  steps: Map<string, number>[];
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Samples the processes `watch()` names (pid → label) every `intervalMs` for
 * `seconds`. `watch` is asked again every time, so processes that start or
 * stop meanwhile are followed; a process counts from its second reading on.
 */
export async function recordCpu(
  watch: () => Map<number, string>,
  seconds: number,
  intervalMs = 1_000,
): Promise<CpuRecord> {
  const read = () => {
    const now = performance.now();
    const readings = new Map<number, { label: string; cpu: number }>();
    for (const [pid, label] of watch()) {
      const cpu = procCpuSeconds(pid);
      if (cpu !== undefined) readings.set(pid, { label, cpu });
    }
    return { at: now, readings };
  };
  const series = new Map<number, ProcessSeries>();
  const steps: Map<string, number>[] = [];
  const start = performance.now();
  let previous = read();
  const ticks = Math.round((seconds * 1_000) / intervalMs);
  for (let tick = 1; tick <= ticks; tick++) {
    // Against the start, not the last tick, so the time it takes to read does not add up.
    await sleep(Math.max(0, start + tick * intervalMs - performance.now()));
    const current = read();
    const elapsed = (current.at - previous.at) / 1_000;
    const step = new Map<string, number>();
    for (const [pid, { label, cpu }] of current.readings) {
      const before = previous.readings.get(pid);
      if (before === undefined || before.label !== label) continue;
      const pct = ((cpu - before.cpu) / elapsed) * 100;
      const entry = series.get(pid) ?? { pid, label, samples: [] };
      entry.samples.push(pct);
      series.set(pid, entry);
      step.set(label, (step.get(label) ?? 0) + pct);
    }
    steps.push(step);
    previous = current;
  }
  return { processes: [...series.values()], steps, seconds: (performance.now() - start) / 1_000 };
}
