import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Conference, ConferenceCreate } from '@diemcau/protocol';
import { signedIn } from '../../../server/test/helpers/accounts.js';
import { startTestApi, type TestApi } from '../../../server/test/helpers/api.js';
import { startTestMediaWorker, type TestMediaWorker } from '../../../server/test/helpers/media-worker.js';
import { WEB_CLIENT_DIST } from './paths.js';

/** The real server (SQLite, one mediasoup worker, Redis) serving the built web client on a free port. */
export interface E2eServer {
  url: string;
  api: TestApi;
  /** DATA_DIR/hls, served at /hls/: the stream of watch page `<slug>` goes in `<hlsRoot>/<slug>/`. */
  hlsRoot: string;
  /** DATA_DIR: recordings are written under `<dataDir>/recordings/`. */
  dataDir: string;
  /** The in-process media-worker, when asked for; its `tools` hold the ffprobe to check files with. */
  mediaWorker: TestMediaWorker | null;
  /** Schedules a conference with a watch page; `watchAccess` defaults to public. */
  schedule(
    body: Pick<ConferenceCreate, 'title' | 'watchSlug'> & Partial<ConferenceCreate>,
  ): Promise<Conference>;
  /** POST /api/conferences/:id/<action> as the host. */
  act(id: string, action: 'start' | 'end' | 'viewer-token'): Promise<unknown>;
  close(): Promise<void>;
}

export interface E2eServerOptions {
  /**
   * Runs a media-worker in this process on the server's queues, writing into its DATA_DIR, so that
   * recordings and livestreams really happen (ffmpeg): HLS under `hlsRoot`, files under `recordings/`.
   */
  mediaWorker?: boolean;
}

export async function startE2eServer({ mediaWorker = false }: E2eServerOptions = {}): Promise<E2eServer> {
  // The server serves DATA_DIR/hls at /hls/, where the media-worker writes the livestream.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-e2e-data-'));
  const hlsRoot = path.join(dataDir, 'hls');
  fs.mkdirSync(hlsRoot);
  const api = await startTestApi('sqlite', { WEB_CLIENT_DIR: WEB_CLIENT_DIST, DATA_DIR: dataDir });
  const worker = mediaWorker ? await startTestMediaWorker(api.app, dataDir) : null;
  await api.app.http.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
  const host = await signedIn(api, 'host');

  const act: E2eServer['act'] = async (id, action) => {
    const res = await api.request({
      method: 'POST',
      url: `/api/conferences/${id}/${action}`,
      as: host.token,
    });
    if (res.statusCode !== 200) throw new Error(`${action} ${id}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  return {
    url,
    api,
    hlsRoot,
    dataDir,
    mediaWorker: worker,
    act,
    schedule: async (body) => {
      const res = await api.request({
        method: 'POST',
        url: '/api/conferences',
        as: host.token,
        payload: {
          scheduledStart: '2030-06-01T01:00:00Z',
          invite: { units: [], points: [] },
          watchAccess: 'public',
          ...body,
        },
      });
      if (res.statusCode !== 201) throw new Error(`cannot schedule: ${res.statusCode} ${res.body}`);
      return res.json<Conference>();
    },
    close: async () => {
      await api.close();
      await worker?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
