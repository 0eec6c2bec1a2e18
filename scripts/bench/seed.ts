import crypto from 'node:crypto';
import type { Conference } from '@diemcau/protocol';
import { signedIn } from '../../server/test/helpers/accounts.js';
import { startTestApi } from '../../server/test/helpers/api.js';
import { insertTree } from '../../server/test/helpers/tree-fixture.js';

/*
 * The province a benchmark runs in: a host account, one commune hall per
 * point under one province, a live conference inviting them all, and each
 * hall's join link, as the organiser would hand them out. Written through the
 * server's own services into a fresh database, which the server process then opens.
 * The links are the tree fixture's (only their hashes are stored, as for issued ones).
 */

export interface SeedOptions {
  /** The database the server process will open (sqlite:PATH). */
  database: string;
  secretKey: string;
  dataDir: string;
  halls: number;
  /** A public watch page at /watch/<slug>, for the livestream scenarios. */
  watchSlug?: string;
}

export interface Seeded {
  conferenceId: string;
  /** The host's session token (Bearer). */
  hostToken: string;
  /** Each hall's join-link token, in hall order. */
  linkTokens: string[];
  /** Each hall's conference join token, minted up front for scenarios that do not measure joining. */
  joinTokens: string[];
}

export function newSecretKey(): string {
  return crypto.randomBytes(32).toString('hex');
}

export async function seedConference(options: SeedOptions): Promise<Seeded> {
  const api = await startTestApi('sqlite', {
    DATABASE_URL: options.database,
    SECRET_KEY: options.secretKey,
    DATA_DIR: options.dataDir,
  });
  try {
    const host = await signedIn(api, 'host');
    const communes = Array.from({ length: options.halls }, (_, i) => ({
      code: `B-C${String(i + 1).padStart(3, '0')}`,
      level: 'commune',
    }));
    const tree = await insertTree(api.app.database.db, { code: 'B', level: 'province', children: communes });
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: {
        title: 'Hội nghị đo tải toàn tỉnh',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: communes.map((c) => tree.point(c.code).id) },
        ...(options.watchSlug ? { watchAccess: 'public', watchSlug: options.watchSlug } : {}),
      },
    });
    if (created.statusCode !== 201) throw new Error(`cannot create the conference: ${created.body}`);
    const conferenceId = created.json<Conference>().id;
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${conferenceId}/start`,
      as: host.token,
    });
    if (started.statusCode !== 200) throw new Error(`cannot start the conference: ${started.body}`);
    const points = communes.map((c) => tree.point(c.code));
    return {
      conferenceId,
      hostToken: host.token,
      linkTokens: points.map((p) => p.token),
      joinTokens: points.map(
        (p) => api.app.services.joinTokens.mint({ conferenceId, role: 'point', pointId: p.id }).token,
      ),
    };
  } finally {
    await api.close();
  }
}
