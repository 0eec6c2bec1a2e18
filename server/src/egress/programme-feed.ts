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

/** Which producers feed the speaker layout's video slot and the audio slots. */
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
  const onProgramme = programmeHall(peers, programme);
  const video =
    [onProgramme?.camera, ...hosts.map((h) => h.screen), ...hosts.map((h) => h.camera)].find(usable)
      ?.producerId ?? null;
  const audio = byPriority(peers, programme)
    .map((p) => p.mic)
    .filter(usable)
    .map((m) => m.producerId)
    .slice(0, audioSlots);
  return { video, audio };
}

/**
 * What the grid layout shows, best first, up to `cells`: each host's screen
 * (else its camera), then the programme hall's camera, then the other halls'
 * in join order. Only live sources count, as for the speaker's video.
 */
export function chooseGrid(peers: readonly FeedPeer[], programme: string | null, cells: number): string[] {
  return byPriority(peers, programme)
    .map((p) => (p.role === 'host' ? [p.screen, p.camera] : [p.camera]).find(usable)?.producerId)
    .filter((id) => id !== undefined)
    .slice(0, cells);
}

/**
 * The order the grid shows its slots in (slot indexes, empty slots left out):
 * the hosts' first, then the others, each in slot order. With slots kept by
 * `assignSlots`, a camera keeps its place while the grid's set stays, so a
 * new programme hall does not reshuffle (and restart) the picture.
 */
export function gridOrder(slots: readonly (string | null)[], hosts: ReadonlySet<string>): number[] {
  const filled = slots.flatMap((id, index) => (id === null ? [] : [{ id, index }]));
  return [
    ...filled.filter((slot) => hosts.has(slot.id)),
    ...filled.filter((slot) => !hosts.has(slot.id)),
  ].map((slot) => slot.index);
}

function programmeHall(peers: readonly FeedPeer[], programme: string | null): FeedPeer | undefined {
  return peers.find((p) => p.peerId === programme && p.role === 'point');
}

/** Hosts, then the programme hall, then the other halls in join order. */
function byPriority(peers: readonly FeedPeer[], programme: string | null): FeedPeer[] {
  const onProgramme = programmeHall(peers, programme);
  return [
    ...peers.filter((p) => p.role === 'host'),
    ...(onProgramme ? [onProgramme] : []),
    ...peers.filter((p) => p.role === 'point' && p !== onProgramme),
  ];
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
