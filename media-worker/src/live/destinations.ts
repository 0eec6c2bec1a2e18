// A livestream's destinations: one relay per destination the server names,
// started, restarted or stopped as the set changes.
import type { DestinationStatus, LiveJobData, LiveTarget } from '@diemcau/protocol';
import type { Logger } from 'pino';
import { Relay } from './relay.js';

export interface DestinationsOptions {
  ffmpeg: string;
  /** The job's destinations: only these may be started, each on its own relay port. */
  known: LiveJobData['destinations'];
  relayPorts: Record<string, number>;
  /** Every relay's status changes, as `Relay`'s own `onChange`. */
  onChange?: (status: DestinationStatus) => void;
  log: Logger;
}

interface Running {
  relay: Relay;
  url: string;
}

/**
 * The relays of a live job, one per destination the server names. The server
 * sends the full set each time: named ones start (or restart, when their URL
 * changed), the others stop. A destination not running reports its last status,
 * or `stopped` if it never ran. URLs carry stream keys: they are never logged here.
 */
export class Destinations {
  private readonly running = new Map<string, Running>();
  private readonly last = new Map<string, DestinationStatus>();
  private readonly stopping = new Set<Promise<void>>();

  constructor(private readonly options: DestinationsOptions) {}

  /** Resolves once the relays it stops have exited (a restarted one needs its port back) and the new ones started. */
  async apply(targets: readonly LiveTarget[]): Promise<void> {
    const { known, log } = this.options;
    const wanted = new Map<string, string>();
    for (const target of targets) {
      if (known.some((destination) => destination.id === target.id)) wanted.set(target.id, target.url);
      else log.warn({ destination: target.id }, 'ignored a destination the job was not given');
    }
    for (const [id, running] of this.running) {
      if (wanted.get(id) !== running.url) this.stopOne(id, running);
    }
    await Promise.all(this.stopping);
    for (const [id, url] of wanted) {
      if (!this.running.has(id)) this.startOne(id, url);
    }
  }

  statuses(): DestinationStatus[] {
    return this.options.known.map(
      ({ id }) =>
        this.running.get(id)?.relay.status() ??
        this.last.get(id) ?? { id, state: 'stopped', attempts: 0, seconds: 0 },
    );
  }

  async stopAll(): Promise<void> {
    for (const [id, running] of this.running) this.stopOne(id, running);
    await Promise.all(this.stopping);
  }

  private startOne(id: string, url: string): void {
    const { ffmpeg, relayPorts, onChange, log } = this.options;
    const inputPort = relayPorts[id];
    if (inputPort === undefined) return;
    const relay = new Relay({ ffmpeg, id, inputPort, url, log, onChange });
    this.running.set(id, { relay, url });
    relay.start();
  }

  private stopOne(id: string, { relay }: Running): void {
    this.running.delete(id);
    const stopped = relay.stop().then(() => {
      this.last.set(id, relay.status());
      this.stopping.delete(stopped);
    });
    this.stopping.add(stopped);
  }
}
