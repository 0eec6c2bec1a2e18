import Type from 'typebox';
import { Id, IsoDateTime } from './common.js';

export const RecordingStatus = Type.Union([
  Type.Literal('recording'),
  Type.Literal('finalising'),
  Type.Literal('ready'),
  Type.Literal('failed'),
]);
export type RecordingStatus = Type.Static<typeof RecordingStatus>;

export const RecordingLayout = Type.Union([Type.Literal('speaker'), Type.Literal('grid')]);
export type RecordingLayout = Type.Static<typeof RecordingLayout>;

export const RecordingOutput = Type.Union([Type.Literal('programme'), Type.Literal('track')]);
export type RecordingOutput = Type.Static<typeof RecordingOutput>;

/** A finished file: the programme composite, or one point's own tracks. */
export const RecordingFile = Type.Object({
  id: Id,
  output: RecordingOutput,
  pointId: Type.Union([Id, Type.Null()]),
  fileName: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  codecs: Type.Array(Type.String()),
  createdAt: IsoDateTime,
  /** GET it (signed in) for the file; supports Range. */
  downloadUrl: Type.String(),
});
export type RecordingFile = Type.Static<typeof RecordingFile>;

export const Recording = Type.Object({
  id: Id,
  conferenceId: Id,
  status: RecordingStatus,
  layout: RecordingLayout,
  startedAt: IsoDateTime,
  stoppedAt: Type.Union([IsoDateTime, Type.Null()]),
  createdBy: Type.Union([Id, Type.Null()]),
  /** Set when `status` is `failed`. */
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  files: Type.Array(RecordingFile),
});
export type Recording = Type.Static<typeof Recording>;

export const RecordingList = Type.Object({ items: Type.Array(Recording) });
export type RecordingList = Type.Static<typeof RecordingList>;

export const RecordingParams = Type.Object({ id: Id }, { additionalProperties: false });
export type RecordingParams = Type.Static<typeof RecordingParams>;

export const RecordingFileParams = Type.Object({ id: Id, fileId: Id }, { additionalProperties: false });
export type RecordingFileParams = Type.Static<typeof RecordingFileParams>;
