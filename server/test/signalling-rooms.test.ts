import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { PeerCloseReason } from '../src/sfu/peer.js';
import { Rooms } from '../src/sfu/rooms.js';
import { WorkerPool } from '../src/sfu/worker-pool.js';
import { mediasoupTestEnv } from './helpers/ports.js';
import { waitFor } from './helpers/wait.js';
import { deviceCapabilities } from './signalling-client.js';
import type { types } from 'mediasoup';

describe('the rooms registry', () => {
  let pool: WorkerPool;
  const live = new Set<string>();
  let rooms: Rooms;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    pool = await WorkerPool.create(
      loadConfig({ ...(await mediasoupTestEnv(2)), LOG_LEVEL: 'silent' }).mediasoup,
    );
    rooms = new Rooms(pool, { idleMs: 200, liveCheckMs: 100, isLive: async (id) => live.has(id), log });
  });
  afterAll(async () => {
    await rooms.close();
    await pool.close();
  });

  const identity = (n: number) => ({
    role: 'point' as const,
    key: `point:${n}`,
    pointId: `p${n}`,
    displayName: `P${n}`,
  });
  const caps = () => deviceCapabilities() as types.RtpCapabilities;

  it('makes one room per live conference, even when asked twice at once, and none otherwise', async () => {
    live.add('c1');
    const [a, b] = await Promise.all([rooms.open('c1'), rooms.open('c1')]);
    expect(a).toBe(b);
    await expect(rooms.open('not-live')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await rooms.find('not-live')).toBeUndefined();
    expect(rooms.size).toBe(1);
  });

  it('closes a room that stays empty, and keeps one with peers', async () => {
    live.add('c2');
    const room = await rooms.open('c2');
    const { peer } = room.join(identity(1), caps(), () => {});
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(room.closed).toBe(false);
    room.leave(peer, 'left');
    await waitFor('the idle room to close', async () => (room.closed ? true : undefined), 2_000);
    expect(await rooms.find('c2')).toBeUndefined();
  });

  it('closes the room of a conference that is no longer live and tells its peers why', async () => {
    live.add('c3');
    const room = await rooms.open('c3');
    const { peer } = room.join(identity(2), caps(), () => {});
    const reason = new Promise<PeerCloseReason>((resolve) => peer.once('closed', resolve));
    live.delete('c3');
    expect(await reason).toBe('conferenceEnded');
    expect(room.closed).toBe(true);
  });

  it('spreads rooms over the workers', async () => {
    live.add('c4');
    live.add('c5');
    const workers = new Set([(await rooms.open('c4')).workerIndex, (await rooms.open('c5')).workerIndex]);
    expect(workers.size).toBe(2);
  });
});
