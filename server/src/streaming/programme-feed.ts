/** A producer as the livestream sees it. */
export interface FeedSource {
  producerId: string;
  /** Not paused by the hall or the host: it sends packets. */
  live: boolean;
  /** Its codec fits the slot (VP8 for video, Opus for audio). */
  fits: boolean;
}

/** A peer in the room, in join order. */
export interface FeedPeer {
  peerId: string;
  role: 'host' | 'point';
  camera?: FeedSource;
  screen?: FeedSource;
  mic?: FeedSource;
}

/** Which producers feed the livestream's video slot and audio slots. */
export interface Feed {
  video: string | null;
  audio: string[];
}

const usable = (source: FeedSource | undefined): source is FeedSource =>
  source !== undefined && source.live && source.fits;

/**
 * What the livestream shows and mixes. Video: the programme hall's camera;
 * else a host's screen, else a host's camera; else the slate (a hall that is
 * not the programme is never shown). Audio: every live microphone, hosts
 * first, then the programme hall, then the others in join order, up to the
 * slots there are. Only live sources count: a paused one sends nothing, and
 * the encoder would wait for it.
 */
export function chooseFeed(peers: readonly FeedPeer[], programme: string | null, audioSlots: number): Feed {
  const hosts = peers.filter((p) => p.role === 'host');
  const onProgramme = peers.find((p) => p.peerId === programme && p.role === 'point');
  const video =
    [onProgramme?.camera, ...hosts.map((h) => h.screen), ...hosts.map((h) => h.camera)].find(usable)
      ?.producerId ?? null;
  const ordered = [
    ...hosts,
    ...(onProgramme ? [onProgramme] : []),
    ...peers.filter((p) => p.role === 'point' && p !== onProgramme),
  ];
  const audio = ordered
    .map((p) => p.mic)
    .filter(usable)
    .map((m) => m.producerId)
    .slice(0, audioSlots);
  return { video, audio };
}

/**
 * Slot assignment that moves as little as possible: a microphone already in a
 * slot stays there (a move would restart the mix for nothing); new ones take
 * free slots. Returns the producer per slot index, null for an empty slot.
 */
export function assignSlots(
  current: readonly (string | null)[],
  wanted: readonly string[],
): (string | null)[] {
  const keep = current.map((id) => (id !== null && wanted.includes(id) ? id : null));
  const waiting = wanted.filter((id) => !keep.includes(id));
  return keep.map((id) => id ?? waiting.shift() ?? null);
}
