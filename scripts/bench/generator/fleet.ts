import { fork, type ChildProcess } from 'node:child_process';
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

export class Fleet {
  readonly #children: ChildProcess[];
  readonly #joins = new Map<number, (outcome: JoinOutcome) => void>();
  readonly #snapshots: ((consumers: ConsumerCounters[]) => void)[][] = [];
  readonly #closed: (() => void)[][] = [];
  /** Errors after a join, as the halls reported them. */
  readonly errors: string[] = [];
  #next = 0;

  constructor(processes: number) {
    this.#children = Array.from({ length: processes }, (_, i) => this.#spawn(i));
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

  /** Makes every hall leave, then ends the processes. */
  async close(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child, i) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || !child.connected) return resolve();
            this.#closed[i]!.push(resolve);
            child.once('exit', () => resolve());
            this.#send(child, { type: 'close' });
          }),
      ),
    );
    for (const child of this.#children) child.kill('SIGKILL');
  }

  #spawn(i: number): ChildProcess {
    this.#snapshots[i] = [];
    this.#closed[i] = [];
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
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
        case 'closed':
          for (const resolve of this.#closed[i]!.splice(0)) resolve();
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
