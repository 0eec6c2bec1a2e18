import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './processes.js';

/* Figures and output of the benchmarks (scripts/bench/). */

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  n: number;
  /** The mean: finer than the median where each value is coarse (CPU in whole % per second). */
  mean: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Mean, median, p95 and range, rounded to `digits` decimals; null without values. */
export function summarize(values: readonly number[], digits = 1): Summary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    n: sorted.length,
    mean: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

/** What every result says about where it was measured: figures mean little without it. */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    /** 1-minute load average when the run started: other work on the box skews the figures. */
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/**
 * Prints the rows as a two-column table, writes the result to
 * bench-results/<scenario>-<timestamp>.json, and prints it as the very last line.
 */
export function report(scenario: string, rows: readonly [string, string][], result: object): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  const dir = path.join(REPO_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify(result);
  writeFileSync(file, `${json}\n`);
  console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  console.log(json);
  return file;
}
