import path from 'node:path';
import type { Summary } from '../../../server/test/helpers/bench-report.js';
import {
  commandLine,
  descendants,
  ffmpegRole,
  type CpuRecord,
  type FfmpegRole,
} from '../../../server/test/helpers/proc-cpu.js';
import type { Egress } from './stack.js';

/*
 * The processes whose CPU the egress scenarios sample, labelled by role: the
 * server, its mediasoup worker, the media-worker and each ffmpeg below it
 * (encoder, mixer, relay by destination, recorder), from its command line.
 */

export const SERVER = 'server (Node)';
export const MEDIASOUP = 'mediasoup worker';
export const MEDIA_WORKER = 'media-worker (Node)';
export const RECORDER = 'ffmpeg recorder';

/** The processes to sample, asked again every second: pid → label. Command lines are read once per pid. */
export function egressProcesses(egress: Egress, mediasoupPids: readonly number[]): () => Map<number, string> {
  const labels = new Map<number, string>();
  const labelOf = (pid: number): string => {
    const known = labels.get(pid);
    if (known !== undefined) return known;
    const argv = commandLine(pid) ?? [];
    const role = ffmpegRole(argv);
    // Relays by destination: the stream key ends their RTMP URL.
    const label =
      role === null
        ? `child ${path.basename(argv[0] ?? '?')}`
        : role === 'relay'
          ? `ffmpeg relay ${argv.at(-1)?.split('/').at(-1) ?? '?'}`
          : `ffmpeg ${role}`;
    labels.set(pid, label);
    return label;
  };
  return () =>
    new Map([
      [egress.stack.server.child.pid!, SERVER],
      ...mediasoupPids.map((pid): [number, string] => [pid, MEDIASOUP]),
      [egress.mediaWorkerPid, MEDIA_WORKER],
      ...descendants(egress.mediaWorkerPid).map((pid): [number, string] => [pid, labelOf(pid)]),
    ]);
}

/** The media-worker's ffmpeg processes of one role, now. */
export const ffmpegOf = (egress: Egress, role: FfmpegRole): number[] =>
  descendants(egress.mediaWorkerPid).filter((pid) => ffmpegRole(commandLine(pid) ?? []) === role);

/** A label's CPU each second it was seen (processes of one label summed). */
export const seriesOf = (cpu: CpuRecord, label: string): number[] =>
  cpu.steps.filter((step) => step.has(label)).map((step) => step.get(label)!);

/** Per second, everything the media-worker does: its Node process and every process below it. */
export const egressTotal = (cpu: CpuRecord): number[] =>
  cpu.steps.map((step) =>
    [...step].filter(([label]) => label !== SERVER && label !== MEDIASOUP).reduce((s, [, v]) => s + v, 0),
  );

/** Each label seen while measured. */
export const labelsOf = (cpu: CpuRecord): string[] => [...new Set(cpu.processes.map((p) => p.label))];

/** Processes replaced while measured (a new pid under one label); recorders (one per hall) and mediasoup workers share theirs. */
export function restarts(cpu: CpuRecord): string[] {
  const pids = new Map<string, number>();
  for (const { label } of cpu.processes) pids.set(label, (pids.get(label) ?? 0) + 1);
  return [...pids]
    .filter(([label, count]) => count > 1 && label !== RECORDER && label !== MEDIASOUP)
    .map(([label, count]) => `${label}: ${count} processes during the measurement (restarted)`);
}

/** A CPU figure for the table: median, p95 and mean, in % of one core. */
export const pct = (s: Summary | null): string =>
  s === null ? 'n/a' : `${s.median} % (p95 ${s.p95}, mean ${s.mean})`;
