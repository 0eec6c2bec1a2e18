/*
 * What the runner and its load-generator processes say to each other over
 * the IPC channel of child_process.fork: one order per hall, counters back.
 */

/** How a synthetic participant gets in, as its real counterpart would. */
export type Entry =
  /** A hall: its join link exchanged at POST /api/join (behind a proxy that names the hall's address). */
  | { kind: 'link'; link: string; forwardedFor: string }
  /** The host: a signed-in session. */
  | { kind: 'host'; session: string; conferenceId: string };

export interface JoinOrder {
  index: number;
  name: string;
  entry: Entry;
  /** Whether its producers carry the clip; without, it joins and produces but sends nothing. */
  sends: boolean;
}

/** Milliseconds of each step of a join, in order, and the whole. */
export interface JoinTimes {
  /** POST /api/join: the link exchanged for a join token (0 for the host). */
  link: number;
  /** socket.io connected and admitted. */
  connect: number;
  /** Router capabilities and `join`. */
  join: number;
  /** Plain transports created and connected. */
  transports: number;
  /** Microphone and camera produced. */
  produce: number;
  /** From the first request to producing: in the room and sending. */
  total: number;
}

/** One consumer's counters since it was made. */
export interface ConsumerCounters {
  point: number;
  consumerId: string;
  kind: 'audio' | 'video';
  /** Whether it is shown large (highest layer) or as a thumbnail (lowest). */
  view: 'large' | 'thumbnail';
  paused: boolean;
  packets: number;
  expected: number;
  bytes: number;
  frames: number;
}

export type ToGenerator =
  { type: 'join'; base: string; order: JoinOrder } | { type: 'snapshot' } | { type: 'close' };

export type FromGenerator =
  | { type: 'joined'; index: number; peerId: string; times: JoinTimes }
  | { type: 'joinFailed'; index: number; code: string; message: string; ms: number }
  /** Something went wrong after the join: a dropped socket, a refused request. */
  | { type: 'error'; index: number; message: string }
  | { type: 'snapshot'; consumers: ConsumerCounters[] };
