import type { AddressInfo } from 'node:net';
import type { Conference } from '@diemcau/protocol';
import { signedIn } from './accounts.js';
import type { TestApi } from './api.js';
import { insertTree, type Tree, type TreeSpec } from './tree-fixture.js';

/** A live conference on a listening test server: where every signalling and media test starts. */
export interface LiveConference {
  /** The server's base URL for socket.io clients. */
  url: string;
  host: { token: string; accountId: string; password: string };
  tree: Tree;
  conference: Conference;
  /** A fresh conference join token for the point of unit `code`, as POST /api/join would mint. */
  pointToken(code: string): string;
}

/**
 * Listens on 127.0.0.1, signs a host in, inserts `tree`, then creates and starts
 * a conference that invites the points of the units `invited` (by code).
 */
export async function startLiveConference(
  api: TestApi,
  spec: TreeSpec,
  invited: string[],
  title = 'Hội nghị',
): Promise<LiveConference> {
  await api.app.http.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
  const host = await signedIn(api, 'host');
  const tree = await insertTree(api.app.database.db, spec);
  const created = await api.request({
    method: 'POST',
    url: '/api/conferences',
    as: host.token,
    payload: {
      title,
      scheduledStart: '2030-01-01T02:00:00Z',
      invite: { points: invited.map((code) => tree.point(code).id) },
    },
  });
  if (created.statusCode !== 201) throw new Error(`cannot create the conference: ${created.body}`);
  const started = await api.request({
    method: 'POST',
    url: `/api/conferences/${created.json<Conference>().id}/start`,
    as: host.token,
  });
  if (started.statusCode !== 200) throw new Error(`cannot start the conference: ${started.body}`);
  const conference = started.json<Conference>();
  return {
    url,
    host,
    tree,
    conference,
    pointToken: (code) =>
      api.app.services.joinTokens.mint({
        conferenceId: conference.id,
        role: 'point',
        pointId: tree.point(code).id,
      }).token,
  };
}
