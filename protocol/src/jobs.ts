import Type from 'typebox';

/** BullMQ queue names: the server adds jobs, media-workers take them. */
export const QueueName = {
  record: 'record',
  live: 'live',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

const JobId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/**
 * One RTP stream the server sends to a media-worker: a mediasoup consumer's
 * rtpParameters reduced to what ffmpeg needs to receive it.
 */
export const EgressStream = Type.Object(
  {
    id: JobId,
    kind: Type.Union([Type.Literal('audio'), Type.Literal('video')]),
    mimeType: Type.Union([Type.Literal('audio/opus'), Type.Literal('video/VP8'), Type.Literal('video/H264')]),
    payloadType: Type.Integer({ minimum: 0, maximum: 127 }),
    clockRate: Type.Integer({ minimum: 1 }),
    channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
    /** The codec's fmtp parameters, as mediasoup reports them. */
    parameters: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
    ssrc: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffffffff })),
  },
  { additionalProperties: false },
);
export type EgressStream = Type.Static<typeof EgressStream>;

/**
 * Payload of a `record` job: one output of a recording, one ffmpeg. A point's
 * own tracks (copied, no transcoding) or the programme composite. The job id
 * is `<recordingId>.<output key>`, so a job taken up again after a crash is the
 * same output and continues in a new segment.
 */
export const RecordJobData = Type.Object(
  {
    conferenceId: JobId,
    recordingId: JobId,
    output: Type.Union([
      Type.Object({ kind: Type.Literal('track'), pointId: JobId }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('programme') }, { additionalProperties: false }),
    ]),
    streams: Type.Array(EgressStream, { minItems: 1, maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type RecordJobData = Type.Static<typeof RecordJobData>;

/**
 * What a media-worker reports through job progress. `listening` is the
 * handshake: the server connects its PlainTransports to `host` and each
 * stream's RTP port (RTCP on port + 1), resumes the consumers and asks for key
 * frames. A job taken up again reports `listening` again, on new ports.
 */
export const EgressProgress = Type.Union([
  Type.Object({
    phase: Type.Literal('listening'),
    host: Type.String({ minLength: 1, maxLength: 255 }),
    ports: Type.Record(Type.String(), Type.Integer({ minimum: 1024, maximum: 65534 })),
    /** Increments each time the job is (re)started, so the server can tell a new listener. */
    attempt: Type.Integer({ minimum: 1 }),
  }),
  Type.Object({
    phase: Type.Literal('recording'),
    segments: Type.Integer({ minimum: 0 }),
    bytes: Type.Integer({ minimum: 0 }),
    seconds: Type.Number({ minimum: 0 }),
  }),
  Type.Object({ phase: Type.Literal('finalising') }),
]);
export type EgressProgress = Type.Static<typeof EgressProgress>;

/** A finished output file, as a `record` job returns it. */
export const RecordedFile = Type.Object({
  /** Relative to the recordings directory. */
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  codecs: Type.Array(Type.String()),
});
export type RecordedFile = Type.Static<typeof RecordedFile>;

/** Messages from the server to a running egress job, on Redis channel `egressControlChannel(jobId)`. */
export const EgressControl = Type.Union([Type.Object({ type: Type.Literal('stop') })]);
export type EgressControl = Type.Static<typeof EgressControl>;

export const egressControlChannel = (jobId: string): string => `diemcau:egress:${jobId}`;

/** Payload of a `live` job. */
export const LiveJobData = Type.Object({ conferenceId: JobId });
export type LiveJobData = Type.Static<typeof LiveJobData>;
