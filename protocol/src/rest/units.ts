import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';

export const UnitCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' });
/** A level is data: `province`, `district`, `commune`, or whatever the tree uses. */
export const UnitLevel = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9_-]+$' });

export const BridgePoint = Type.Object({
  id: Id,
  unitId: Id,
  name: Name,
  /** The join link works only while it has an active credential. */
  credential: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('none')]),
  credentialIssuedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type BridgePoint = Type.Static<typeof BridgePoint>;

export const Unit = Type.Object({
  id: Id,
  code: UnitCode,
  name: Name,
  level: UnitLevel,
  parentId: Type.Union([Id, Type.Null()]),
  points: Type.Array(BridgePoint),
});
export type Unit = Type.Static<typeof Unit>;

export const UnitTree = Type.Object({ units: Type.Array(Unit) });
export type UnitTree = Type.Static<typeof UnitTree>;

/** One CSV row that could not be imported; `line` counts from 1 with the header as line 1. */
export const CsvRowError = Type.Object({
  line: Type.Integer(),
  column: Type.Optional(Type.String()),
  reason: Type.String(),
});
export type CsvRowError = Type.Static<typeof CsvRowError>;

export const ImportResult = Type.Object({
  unitsCreated: Type.Integer(),
  unitsUpdated: Type.Integer(),
  unitsUnchanged: Type.Integer(),
  pointsCreated: Type.Integer(),
});
export type ImportResult = Type.Static<typeof ImportResult>;

/** A new join link: the token is shown once and stored only as a hash. */
export const IssuedCredential = Type.Object({
  pointId: Id,
  token: Type.String(),
  joinUrl: Type.String(),
  issuedAt: IsoDateTime,
});
export type IssuedCredential = Type.Static<typeof IssuedCredential>;
