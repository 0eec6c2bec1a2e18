import Type from 'typebox';
import { DestinationState } from '../jobs.js';
import { Id, IsoDateTime } from './common.js';
import { RecordingLayout, RecordingStatus } from './recordings.js';

/** `POST /api/conferences/:id/recordings`: start recording a live conference. */
export const RecordingStart = Type.Object(
  { layout: Type.Optional(RecordingLayout) },
  { additionalProperties: false },
);
export type RecordingStart = Type.Static<typeof RecordingStart>;

/** `POST /api/conferences/:id/live`: go live to HLS (when the conference has a watch page) and these destinations. */
export const LiveStart = Type.Object(
  { destinationIds: Type.Array(Id, { maxItems: 16, uniqueItems: true }) },
  { additionalProperties: false },
);
export type LiveStart = Type.Static<typeof LiveStart>;

export const ErrorInfo = Type.Object({ code: Type.String(), message: Type.String() });

/** One destination of a livestream, as the host sees it. */
export const LiveDestinationStatus = Type.Object({
  id: Id,
  name: Type.String(),
  state: DestinationState,
  attempts: Type.Integer({ minimum: 0 }),
  retryInMs: Type.Optional(Type.Integer({ minimum: 0 })),
  error: Type.Optional(ErrorInfo),
});
export type LiveDestinationStatus = Type.Static<typeof LiveDestinationStatus>;

export const LiveState = Type.Union([
  /** The job is queued or its encoder is starting. */
  Type.Literal('starting'),
  Type.Literal('live'),
  /** The media-worker running it was lost; another takes it up. */
  Type.Literal('recovering'),
  Type.Literal('stopping'),
  Type.Literal('stopped'),
  Type.Literal('failed'),
]);
export type LiveState = Type.Static<typeof LiveState>;

/** The livestream of a conference (`GET /api/conferences/:id/live`, and `broadcastStatus` to hosts). */
export const LiveStatus = Type.Object({
  conferenceId: Id,
  state: LiveState,
  startedAt: IsoDateTime,
  /** Seconds on air, counted by the encoder. */
  seconds: Type.Number({ minimum: 0 }),
  /** Where viewers play it, or null when the conference has no watch page. */
  hlsUrl: Type.Union([Type.String(), Type.Null()]),
  /** True while the programme shows the slate because no video source exists. */
  slate: Type.Boolean(),
  destinations: Type.Array(LiveDestinationStatus),
  error: Type.Union([ErrorInfo, Type.Null()]),
  /** Set while the live job warns about its HLS output (`DISK_FULL`); the livestream goes on. */
  hlsWarning: Type.Optional(ErrorInfo),
});
export type LiveStatus = Type.Static<typeof LiveStatus>;

/** A recording in progress, as the host sees it. */
export const RecordingProgress = Type.Object({
  id: Id,
  status: RecordingStatus,
  startedAt: IsoDateTime,
  /** Seconds recorded by the longest-running output. */
  seconds: Type.Number({ minimum: 0 }),
  /** Outputs being recorded (one per hall with media, plus the programme). */
  outputs: Type.Integer({ minimum: 0 }),
  bytes: Type.Integer({ minimum: 0 }),
  error: Type.Union([ErrorInfo, Type.Null()]),
});
export type RecordingProgress = Type.Static<typeof RecordingProgress>;

/** What the host console shows for record and go-live: sent to hosts on every change (≤ 1/s). */
export const BroadcastStatus = Type.Object({
  recording: Type.Union([RecordingProgress, Type.Null()]),
  live: Type.Union([LiveStatus, Type.Null()]),
});
export type BroadcastStatus = Type.Static<typeof BroadcastStatus>;
