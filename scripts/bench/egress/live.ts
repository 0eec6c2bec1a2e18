import type { LiveStatus } from '@diemcau/protocol';
import type { RtmpServer } from '../../../media-worker/test/helpers/nginx-rtmp.js';
import { waitFor } from '../../../server/test/helpers/wait.js';
import type { Egress } from './stack.js';

/* Going live and off air through the host's REST API, as the console does. */

export async function liveStatus(egress: Egress): Promise<LiveStatus | undefined> {
  const res = await egress.rest('GET', `/api/conferences/${egress.stack.conferenceId}/live`);
  return res.status === 200 ? (res.body as LiveStatus) : undefined;
}

/** Live, showing the hall (not the slate), to every one of `destinations`. */
export const onAir = (status: LiveStatus | undefined, destinations: number): boolean =>
  status?.state === 'live' &&
  !status.slate &&
  status.destinations.length === destinations &&
  status.destinations.every((d) => d.state === 'live');

/** Spotlights the first hall and goes live to HLS and `destinations` RTMP destinations on `rtmp`; returns when it asked. */
export async function goLive(
  egress: Egress,
  rtmp: RtmpServer | undefined,
  destinations: number,
): Promise<number> {
  const ids: string[] = [];
  for (let i = 1; i <= destinations; i++) {
    const created = await egress.rest('POST', '/api/destinations', {
      name: `Đích ${i}`,
      platform: 'rtmp',
      url: rtmp!.url,
      streamKey: `bench-key-${i}`,
    });
    if (created.status !== 201)
      throw new Error(`cannot create a destination: ${JSON.stringify(created.body)}`);
    ids.push((created.body as { id: string }).id);
  }
  await egress.host.port.call('spotlight', { peerId: egress.halls[0]!.peerId });
  const startedAt = Date.now();
  const started = await egress.rest('POST', `/api/conferences/${egress.stack.conferenceId}/live`, {
    destinationIds: ids,
  });
  if (started.status !== 201) throw new Error(`cannot go live: ${JSON.stringify(started.body)}`);
  return startedAt;
}

export async function waitOnAir(egress: Egress, destinations: number): Promise<void> {
  await waitFor(
    'the hall on air to every destination',
    async () => {
      const status = await liveStatus(egress);
      if (status?.state === 'failed')
        throw new Error(`the livestream failed: ${JSON.stringify(status.error)}`);
      return onAir(status, destinations) ? status : undefined;
    },
    60_000,
  );
}

/** Stops the livestream and waits until it is off air; a refused stop goes into `errors`. */
export async function stopLive(egress: Egress, errors: string[]): Promise<void> {
  const stopped = await egress.rest('DELETE', `/api/conferences/${egress.stack.conferenceId}/live`);
  if (stopped.status !== 200) errors.push(`stopping the livestream: ${stopped.status}`);
  await waitFor(
    'off air',
    async () => {
      const status = await liveStatus(egress);
      return status === undefined || status.state === 'stopped' ? true : undefined;
    },
    30_000,
  );
}
