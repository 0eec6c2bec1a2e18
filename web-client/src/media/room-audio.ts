import type { RemotePeer } from '../room/room-state.js';
import type { AudioTrackEntry } from './remote-audio.js';

/** Every microphone this client receives, keyed by consumer so that elements survive other changes. */
export function audioTracksOf(peers: readonly RemotePeer[]): AudioTrackEntry[] {
  const entries: AudioTrackEntry[] = [];
  for (const peer of peers) {
    const mic = peer.media.mic;
    if (mic) entries.push({ key: mic.consumerId, track: mic.track as MediaStreamTrack });
  }
  return entries;
}
