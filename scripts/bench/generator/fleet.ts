import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ConsumerCounters, FromGenerator, JoinOrder, JoinTimes, ToGenerator } from './messages.js';

/*
 * The load generator's processes, seen from the runner: orders go round-robin
 * to `processes` children (each runs many synthetic halls on one event loop),
 * answers come back as promises. The children's pids let the runner report
 * their CPU apart from the server's.
 */

export type JoinOutcome =
  | { ok: true; index: number; peerId: string; times: JoinTimes }
  | { ok: false; index: number; code: string; message: string; ms: number };

const CHILD = fileURLToPath(new URL('./process.ts', import.meta.url));
/** Long enough for a process to close its halls' sockets (and write a CPU profile, see BENCH_PROFILE). */
const CLOSE_TIMEOUT_MS = 10_000;
const GENERATOR_NICENESS = 10;

export class Fleet {
  readonly #children: ChildProcess[];
  readonly #joins = new Map<number, (outcome: JoinOutcome) => void>();
  readonly #snapshots: ((consumers: ConsumerCounters[]) => void)[][] = [];
  /** Errors after a join, as the halls reported them. */
  readonly errors: string[] = [];
  #next = 0;

  constructor(processes: number) {
    this.#children = Array.from({ length: processes }, (_, i) => this.#spawn(i));
    // The halls would be on other machines: here the server comes first, and what the
    // generator cannot send in time it sends late, rather than starving the SFU it measures.
    for (const child of this.#children) os.setPriority(child.pid!, GENERATOR_NICENESS);
  }

  get pids(): number[] {
    return this.#children.map((c) => c.pid!);
  }

  join(base: string, order: JoinOrder): Promise<JoinOutcome> {
    const child = this.#children[this.#next++ % this.#children.length]!;
    return new Promise((resolve) => {
      this.#joins.set(order.index, resolve);
      this.#send(child, { type: 'join', base, order });
    });
  }

  /** Every consumer's counters, from every process. */
  async snapshot(): Promise<ConsumerCounters[]> {
    const parts = await Promise.all(
      this.#children.map(
        (child, i) =>
          new Promise<ConsumerCounters[]>((resolve) => {
            this.#snapshots[i]!.push(resolve);
            this.#send(child, { type: 'snapshot' });
          }),
      ),
    );
    return parts.flat();
  }

  /** Makes every hall leave and waits for the processes to end (killing any that hang). */
  async close(): Promise<void> {
    await Promise.all(
      this.#children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        if (child.connected) this.#send(child, { type: 'close' });
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  #spawn(i: number): ChildProcess {
    this.#snapshots[i] = [];
    const child = fork(CHILD, [], {
      // BENCH_PROFILE=<dir>: each generator process writes a V8 CPU profile there as it ends.
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: FromGenerator) => {
      switch (message.type) {
        case 'joined':
          this.#joins.get(message.index)?.({ ok: true, ...message });
          return;
        case 'joinFailed':
          this.#joins.get(message.index)?.({ ok: false, ...message });
          return;
        case 'error':
          this.errors.push(`hall ${message.index}: ${message.message}`);
          return;
        case 'snapshot':
          this.#snapshots[i]!.shift()?.(message.consumers);
          return;
      }
    });
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL')
        this.errors.push(`generator process ${i} exited (${code ?? signal})`);
    });
    return child;
  }

  #send(child: ChildProcess, message: ToGenerator): void {
    child.send(message);
  }
}
