import { RoomClient } from '../../../web-client/src/room/room-client.js';
import type { RoomSnapshot } from '../../../web-client/src/room/room-state.js';
import { meterAudio, meterVideo, type Meter } from './node-peer/meters.js';
import { syntheticAudio, syntheticVideo, type SyntheticSource } from './node-peer/synthetic.js';
import { asClientTrack, asWrtcTrack, wrtcHandlerFactory } from './node-peer/wrtc.js';

/*
 * The web client's own RoomClient, run in Node over @roamhq/wrtc with a
 * synthetic camera and microphone: what a hall's browser does, recovery
 * included, with decoded frames and audible audio counted per sender.
 */

export interface ClientPeer {
  readonly client: RoomClient;
  readonly snapshot: RoomSnapshot;
  /** Video frames decoded from the sender `who` (its pointId, or 'host'), over every session. */
  frames(who: string): number;
  audible(who: string): number;
  close(): Promise<void>;
}

const SMALL_VIDEO = { width: 320, height: 180, fps: 15, noise: 0.1 };

export async function clientPeer(
  url: string,
  auth: () => Promise<Record<string, unknown>>,
  options: { name: string; send?: boolean },
): Promise<ClientPeer> {
  const client = new RoomClient({
    url,
    auth,
    displayName: options.name,
    handlerFactory: wrtcHandlerFactory(),
  });
  const sources: SyntheticSource[] = [];
  const meters = new Map<string, { who: string; meter: Meter }>();
  const unsubscribe = client.subscribe((snapshot) => {
    for (const peer of snapshot.peers) {
      const who = peer.pointId ?? 'host';
      for (const media of Object.values(peer.media)) {
        if (!media || meters.has(media.consumerId)) continue;
        const track = asWrtcTrack(media.track);
        meters.set(media.consumerId, {
          who,
          meter: track.kind === 'video' ? meterVideo(track) : meterAudio(track),
        });
      }
    }
  });
  const total = (who: string, field: 'videoFrames' | 'audibleFrames') =>
    [...meters.values()].filter((m) => m.who === who).reduce((sum, m) => sum + m.meter.received[field], 0);

  if (options.send) {
    const video = syntheticVideo(SMALL_VIDEO);
    const audio = syntheticAudio({ frequency: 440, amplitude: 8_000 });
    sources.push(video, audio);
    await client.setTrack('camera', asClientTrack(video.track));
    await client.setTrack('mic', asClientTrack(audio.track));
  }
  client.connect();
  return {
    client,
    get snapshot() {
      return client.snapshot;
    },
    frames: (who) => total(who, 'videoFrames'),
    audible: (who) => total(who, 'audibleFrames'),
    async close() {
      unsubscribe();
      await client.leave();
      for (const { meter } of meters.values()) meter.stop();
      for (const source of sources) source.stop();
    },
  };
}
