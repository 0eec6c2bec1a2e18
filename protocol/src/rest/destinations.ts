import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';

export const StreamPlatform = Type.Union([
  Type.Literal('facebook'),
  Type.Literal('youtube'),
  Type.Literal('rtmp'),
]);
export type StreamPlatform = Type.Static<typeof StreamPlatform>;

/** An RTMP(S) server URL with an application path, without the stream key. */
export const RtmpUrl = Type.String({ maxLength: 1000, pattern: '^rtmps?://[^/\\s]+/\\S+$' });
/** As the platform shows it; kept sealed at rest and never returned. */
export const StreamKey = Type.String({ minLength: 1, maxLength: 512, pattern: '^\\S+$' });

/** `url` is required for `rtmp` and refused for `facebook` and `youtube`, whose ingest URLs are fixed. */
export const DestinationCreate = Type.Object(
  {
    name: Name,
    platform: StreamPlatform,
    url: Type.Optional(RtmpUrl),
    streamKey: StreamKey,
  },
  { additionalProperties: false },
);
export type DestinationCreate = Type.Static<typeof DestinationCreate>;

/** `url` can only change on an `rtmp` destination. */
export const DestinationUpdate = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(RtmpUrl),
    streamKey: Type.Optional(StreamKey),
  },
  { additionalProperties: false },
);
export type DestinationUpdate = Type.Static<typeof DestinationUpdate>;

export const Destination = Type.Object({
  id: Id,
  name: Name,
  platform: StreamPlatform,
  url: Type.String(),
  /** False when the stored key cannot be opened (the server secret changed): set it again. */
  streamKeySet: Type.Boolean(),
  /** The key's last 4 characters behind a mask (only the mask for keys shorter than 8); '' when not set. */
  streamKeyHint: Type.String(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Destination = Type.Static<typeof Destination>;

export const DestinationList = Type.Object({ items: Type.Array(Destination) });
export type DestinationList = Type.Static<typeof DestinationList>;

export const DestinationParams = Type.Object({ id: Id }, { additionalProperties: false });
export type DestinationParams = Type.Static<typeof DestinationParams>;
