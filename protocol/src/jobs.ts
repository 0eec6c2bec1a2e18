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
      Type.Object(
        {
          kind: Type.Literal('programme'),
          /**
           * `speaker` (the default): one video slot, `video`, full frame. `grid`: video slots
           * `video-0`, `video-1`, ... composed side by side, as the `programme` message's `grid` names them.
           */
          layout: Type.Optional(Type.Union([Type.Literal('speaker'), Type.Literal('grid')])),
        },
        { additionalProperties: false },
      ),
    ]),
    streams: Type.Array(EgressStream, { minItems: 1, maxItems: 16 }),
  },
  { additionalProperties: false },
);
export type RecordJobData = Type.Static<typeof RecordJobData>;

/** The egress handshake, shared by every job that receives RTP: where the server sends it. */
const EgressListening = Type.Object({
  phase: Type.Literal('listening'),
  host: Type.String({ minLength: 1, maxLength: 255 }),
  ports: Type.Record(Type.String(), Type.Integer({ minimum: 1024, maximum: 65534 })),
  /** Increments each time the job is (re)started, so the server can tell a new listener. */
  attempt: Type.Integer({ minimum: 1 }),
});

/**
 * What a media-worker reports through job progress. `listening` is the
 * handshake: the server connects its PlainTransports to `host` and each
 * stream's RTP port (RTCP on port + 1), resumes the consumers and asks for key
 * frames. A job taken up again reports `listening` again, on new ports.
 */
export const EgressProgress = Type.Union([
  EgressListening,
  Type.Object({
    phase: Type.Literal('recording'),
    segments: Type.Integer({ minimum: 0 }),
    bytes: Type.Integer({ minimum: 0 }),
    seconds: Type.Number({ minimum: 0 }),
  }),
  Type.Object({ phase: Type.Literal('finalising') }),
]);
export type EgressProgress = Type.Static<typeof EgressProgress>;

/**
 * Why an egress job, or one of its building blocks, stopped. A job that fails
 * has the code first in its failedReason (`FFMPEG_EXITED: …`); an output that
 * stopped early carries it in `RecordedFile.stoppedEarly`, a livestream's HLS
 * warning in `hlsWarning`. The server acts on DISK_FULL, FFMPEG_NOT_FOUND and NO_MEDIA.
 */
export const EgressErrorCode = Type.Union([
  /** A recorder ffmpeg ended before the job was told to stop; the job is retried, its segments kept. */
  Type.Literal('FFMPEG_EXITED'),
  /** The ffmpeg binary is not there to run: the operator must install it or fix FFMPEG_PATH. */
  Type.Literal('FFMPEG_NOT_FOUND'),
  /**
   * Free space fell below MIN_FREE_DISK_MB, or a write failed for want of it: a recording
   * stops and keeps what it wrote; a livestream's encoder gives up without restarts.
   */
  Type.Literal('DISK_FULL'),
  /** Stop came, but no segment held playable media: nothing to deliver. */
  Type.Literal('NO_MEDIA'),
  /** Joining the segments into one file failed. */
  Type.Literal('CONCAT_FAILED'),
  /** Valid by the schema but not encodable here: a video slot not VP8, an audio slot not Opus, an id used twice. */
  Type.Literal('INVALID_JOB'),
  /** No watch page and no destination: there is nowhere to send the programme. */
  Type.Literal('NO_OUTPUT'),
  /** The programme encoder or its audio mixer kept exiting; the job is retried (on this or another worker). */
  Type.Literal('ENCODER_FAILED'),
  Type.Literal('MIXER_FAILED'),
  /** Building blocks: an input they refuse, or a resource not found. */
  Type.Literal('STREAM_INVALID'),
  Type.Literal('PORT_INVALID'),
  Type.Literal('DESTINATION_URL_MISSING'),
  Type.Literal('DESTINATION_URL_INVALID'),
  Type.Literal('STREAM_KEY_MISSING'),
  Type.Literal('STREAM_KEY_INVALID'),
  Type.Literal('CONCAT_PATH_INVALID'),
  Type.Literal('NO_FREE_PORT'),
]);
export type EgressErrorCode = Type.Static<typeof EgressErrorCode>;

/** A finished output file, as a `record` job returns it. */
export const RecordedFile = Type.Object({
  /** Relative to the recordings directory. */
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  codecs: Type.Array(Type.String()),
  /**
   * Set when the output stopped on its own before `stop`, with the reason's
   * stable code (`DISK_FULL`): the file holds what was written until then, and
   * the server ends the whole recording with that error.
   */
  stoppedEarly: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type RecordedFile = Type.Static<typeof RecordedFile>;

/** A livestream destination's state, as the live job reports it. */
export const DestinationState = Type.Union([
  /** The relay is opening the connection (first attempt, or again after `retrying`). */
  Type.Literal('connecting'),
  /** Media is flowing to the destination. */
  Type.Literal('live'),
  /** The last attempt failed; the next one starts after `retryInMs` (backoff 1 s doubling to 30 s). */
  Type.Literal('retrying'),
  /** Removed by the host or the stream ended. */
  Type.Literal('stopped'),
]);
export type DestinationState = Type.Static<typeof DestinationState>;

export const DestinationStatus = Type.Object({
  id: JobId,
  state: DestinationState,
  /** Connection attempts so far, counting the current one. */
  attempts: Type.Integer({ minimum: 0 }),
  /** Seconds of media sent on the current connection. */
  seconds: Type.Number({ minimum: 0 }),
  retryInMs: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The last failure, stream key redacted: a stable code and ffmpeg's reason. */
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type DestinationStatus = Type.Static<typeof DestinationStatus>;

/** What a `live` job reports through job progress; `listening` is the handshake, as for recordings. */
export const LiveProgress = Type.Union([
  EgressListening,
  Type.Object({
    phase: Type.Literal('live'),
    /** Seconds since the encoder started on this attempt. */
    seconds: Type.Number({ minimum: 0 }),
    /** HLS segments written so far on this attempt. */
    hlsSegments: Type.Integer({ minimum: 0 }),
    /** True while the programme shows the slate (no video source). */
    slate: Type.Boolean(),
    destinations: Type.Array(DestinationStatus),
    /**
     * Set while the HLS folder's disk is below MIN_FREE_DISK_MB (`DISK_FULL`):
     * the watch page may stop getting segments; the destinations go on.
     */
    hlsWarning: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  }),
  /**
   * The encoder (re)started on the video slot and waits for a key frame: the
   * server asks the slot's source for one (ffmpeg sends no key-frame requests,
   * and a browser sends a key frame only when asked). `seq` changes each time.
   */
  Type.Object({ phase: Type.Literal('keyFrame'), seq: Type.Integer({ minimum: 0 }) }),
  Type.Object({ phase: Type.Literal('finalising') }),
]);
export type LiveProgress = Type.Static<typeof LiveProgress>;

/** A destination as the live job receives it over the control channel: the URL carries the stream key. */
export const LiveTarget = Type.Object(
  {
    id: JobId,
    /** rtmp:// or rtmps:// with the stream key appended; never logged, never stored in the job. */
    url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^rtmps?://' }),
  },
  { additionalProperties: false },
);
export type LiveTarget = Type.Static<typeof LiveTarget>;

/**
 * Live job and programme recording: which of their inputs carry media now.
 * `video` false shows the slate; `audio` names the audio slots (stream ids)
 * with a live microphone, the only ones mixed (an input without packets
 * would stall the mix).
 */
export const ProgrammeControl = Type.Object(
  {
    type: Type.Literal('programme'),
    video: Type.Boolean(),
    audio: Type.Array(JobId, { maxItems: 16 }),
    /**
     * Grid layout only: the video slots with a live camera, in the order shown, each
     * with the name captioned in its cell. `video` is true while it names any.
     */
    grid: Type.Optional(
      Type.Array(
        Type.Object({ slot: JobId, name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        { maxItems: 16 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ProgrammeControl = Type.Static<typeof ProgrammeControl>;

/**
 * Messages from the server to a running egress job, on Redis channel
 * `egressControlChannel(jobId)`. Pub/sub keeps nothing, so the server sends
 * `programme` and `destinations` again after every `listening` (a job taken up
 * again) and `stop` again if a retaken job reports `listening` after it.
 */
export const EgressControl = Type.Union([
  Type.Object({ type: Type.Literal('stop') }, { additionalProperties: false }),
  ProgrammeControl,
  /** Live job: the full set of destinations to send to now; missing ones are stopped. */
  Type.Object(
    { type: Type.Literal('destinations'), destinations: Type.Array(LiveTarget, { maxItems: 16 }) },
    { additionalProperties: false },
  ),
]);
export type EgressControl = Type.Static<typeof EgressControl>;

export const egressControlChannel = (jobId: string): string => `diemcau:egress:${jobId}`;

/**
 * Payload of a `live` job: the programme, encoded once (H.264 + AAC) to HLS
 * under `DATA_DIR/hls/<slug>/` and relayed to the destinations the control
 * channel names. The job id is `live.<conferenceId>`.
 */
export const LiveJobData = Type.Object(
  {
    conferenceId: JobId,
    /**
     * The conference's watch slug: HLS goes to `DATA_DIR/hls/<slug>/index.m3u8`,
     * served at `/hls/<slug>/index.m3u8`. Null when the conference has no watch page.
     */
    slug: Type.Union([Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z0-9-]+$' }), Type.Null()]),
    /** The programme video slot (VP8): the server swaps the consumer behind it as the programme changes. */
    video: EgressStream,
    /** Audio slots (Opus), each fed by one microphone the server chooses. */
    audio: Type.Array(EgressStream, { minItems: 1, maxItems: 8 }),
    /** Ids and names of the destinations, for status reports; their URLs arrive over the control channel. */
    destinations: Type.Array(Type.Object({ id: JobId, name: Type.String({ maxLength: 200 }) }), {
      maxItems: 16,
    }),
  },
  { additionalProperties: false },
);
export type LiveJobData = Type.Static<typeof LiveJobData>;
