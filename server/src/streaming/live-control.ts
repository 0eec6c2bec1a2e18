import type { LiveStatus } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller, ConferenceService } from '../conferences/conference-service.js';
import type { BroadcastFeed } from '../egress/broadcast-feed.js';
import { sendControl } from '../egress/control-channel.js';
import { AppError } from '../errors.js';
import type { JobQueues } from '../jobs/queues.js';
import type { Rooms } from '../sfu/rooms.js';
import type { DestinationService } from './destination-service.js';
import { LiveBroadcast } from './live-broadcast.js';
import { publishUrl } from './platforms.js';

export interface LiveControlDeps {
  rooms: Rooms;
  conferences: ConferenceService;
  destinations: DestinationService;
  audit: AuditLog;
  queues: JobQueues;
  publisher: Redis;
  feed: BroadcastFeed;
  listenIp: string;
  log: FastifyBaseLogger;
}

const SYSTEM: Caller = { actor: { kind: 'system' }, ip: null };

/**
 * Going live and off air: one livestream per conference, to HLS (when the
 * conference has a watch page) and to the destinations the host picked. It
 * ends with the room too.
 */
export class LiveControl {
  readonly #deps: LiveControlDeps;
  readonly #active = new Map<string, LiveBroadcast>();

  constructor(deps: LiveControlDeps) {
    this.#deps = deps;
  }

  async start(conferenceId: string, by: Caller, destinationIds: string[]): Promise<LiveStatus> {
    const { rooms, conferences, destinations: stored, audit, feed } = this.#deps;
    const running = this.#active.get(conferenceId);
    if (running) throw new AppError('CONFLICT', 409, `conference ${conferenceId} is live already`);
    const room = await rooms.find(conferenceId);
    if (!room || room.closed) throw new AppError('CONFLICT', 409, `conference ${conferenceId} is not live`);
    const conference = await conferences.getLive(conferenceId);
    if (!conference) throw new AppError('CONFLICT', 409, `conference ${conferenceId} is not live`);
    const slug = conference.watchAccess === 'none' ? null : conference.watchSlug;
    if (slug === null && destinationIds.length === 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        'this conference has no watch page: pick at least one destination to go live to',
      );
    }
    // Opened here, so a missing destination or an unreadable key is refused before anything starts.
    const destinations = [];
    for (const id of destinationIds) {
      const target = await stored.streamTarget(id);
      destinations.push({ id, name: target.name, url: publishUrl(target.url, target.streamKey) });
    }
    const broadcast = await LiveBroadcast.start(
      { ...this.#deps, room, onChange: (status, urgent) => feed.live(conferenceId, status, urgent) },
      { conferenceId, slug, destinations },
    );
    this.#active.set(conferenceId, broadcast);
    void broadcast.finished.then(() => {
      if (this.#active.get(conferenceId) === broadcast) this.#active.delete(conferenceId);
    });
    room.once('closed', () => void broadcast.stop());
    await audit.record({
      actor: by.actor,
      action: 'live.start',
      target: { kind: 'conference', id: conferenceId },
      ip: by.ip,
      details: { destinations: destinationIds, hls: slug !== null },
    });
    feed.live(conferenceId, broadcast.status, true);
    return broadcast.status;
  }

  async stop(conferenceId: string, by: Caller): Promise<LiveStatus> {
    const broadcast = this.#active.get(conferenceId);
    if (!broadcast) throw new AppError('NOT_FOUND', 404, `conference ${conferenceId} is not live on air`);
    await broadcast.stop();
    await this.#deps.audit.record({
      actor: by.actor,
      action: 'live.stop',
      target: { kind: 'conference', id: conferenceId },
      ip: by.ip,
      details: {},
    });
    return broadcast.status;
  }

  /** Every livestream of this process, for metrics. */
  statuses(): LiveStatus[] {
    return [...this.#active.values()].map((b) => b.status);
  }

  status(conferenceId: string): LiveStatus {
    const broadcast = this.#active.get(conferenceId);
    if (!broadcast) throw new AppError('NOT_FOUND', 404, `conference ${conferenceId} is not on air`);
    return broadcast.status;
  }

  /**
   * Livestreams a previous server process left running: nothing feeds them any
   * more (its transports died with it), so they are told to stop, which closes
   * their HLS playlist for viewers.
   */
  async endInterrupted(): Promise<void> {
    const { queues, publisher, log } = this.#deps;
    const jobs = await queues.live.getJobs(['active', 'waiting', 'delayed']);
    const running = new Set([...this.#active.values()].map((b) => b.jobId));
    for (const job of jobs) {
      if (!job.id || running.has(job.id)) continue;
      log.info({ jobId: job.id }, 'ending a livestream left running by a restart');
      if ((await job.getState()) === 'active') {
        await sendControl(publisher, job.id, { type: 'stop' });
      } else {
        await job.remove().catch(() => undefined);
      }
    }
  }

  /** Ends every livestream (server shutdown), waiting a little for HLS to be closed. */
  async close(): Promise<void> {
    const running = [...this.#active.values()];
    await Promise.all(running.map((b) => this.stop(b.status.conferenceId, SYSTEM).catch(() => undefined)));
    await Promise.race([
      Promise.all(running.map((b) => b.finished)),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }
}
