import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';

/** Starts with a letter or digit so that no spreadsheet reads an exported code as a formula. */
export const UnitCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
/** A level is data: `province`, `district`, `commune`, or whatever the tree uses. */
export const UnitLevel = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9][a-z0-9_-]*$' });

/** `active`: the join link works; `revoked`: no link works until a new one is issued; `none`: never issued. */
export const CredentialState = Type.Union([
  Type.Literal('active'),
  Type.Literal('revoked'),
  Type.Literal('none'),
]);
export type CredentialState = Type.Static<typeof CredentialState>;

export const BridgePoint = Type.Object({
  id: Id,
  unitId: Id,
  name: Name,
  /** The join link works only while it has an active credential. */
  credential: CredentialState,
  credentialIssuedAt: Type.Union([IsoDateTime, Type.Null()]),
  credentialRevokedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type BridgePoint = Type.Static<typeof BridgePoint>;

export const UnitSummary = Type.Object({ id: Id, code: UnitCode, name: Name, level: UnitLevel });
export type UnitSummary = Type.Static<typeof UnitSummary>;

export const Unit = Type.Object({
  id: Id,
  code: UnitCode,
  name: Name,
  level: UnitLevel,
  parentId: Type.Union([Id, Type.Null()]),
  points: Type.Array(BridgePoint),
});
export type Unit = Type.Static<typeof Unit>;

/** Every unit, parents before children (siblings by code), each with its points. */
export const UnitTree = Type.Object({ units: Type.Array(Unit) });
export type UnitTree = Type.Static<typeof UnitTree>;

/** One CSV row that could not be imported; `line` counts from 1 with the header as line 1. */
export const CsvRowError = Type.Object({
  line: Type.Integer(),
  column: Type.Optional(Type.String()),
  reason: Type.String(),
});
export type CsvRowError = Type.Static<typeof CsvRowError>;

/** The body of POST /api/units/import: the CSV text itself, sent as `text/csv` (see docs/units-csv.md). */
export const UnitsCsv = Type.String({ maxLength: 5 * 1024 * 1024 });

export const ImportResult = Type.Object({
  unitsCreated: Type.Integer(),
  unitsUpdated: Type.Integer(),
  unitsUnchanged: Type.Integer(),
  pointsCreated: Type.Integer(),
});
export type ImportResult = Type.Static<typeof ImportResult>;

export const PointParams = Type.Object({ id: Id }, { additionalProperties: false });
export type PointParams = Type.Static<typeof PointParams>;

export const PointListQuery = Type.Object(
  { credential: Type.Optional(CredentialState) },
  { additionalProperties: false },
);
export type PointListQuery = Type.Static<typeof PointListQuery>;

export const PointListItem = Type.Intersect([BridgePoint, Type.Object({ unit: UnitSummary })]);
export type PointListItem = Type.Static<typeof PointListItem>;

/** Every point (filtered by credential state if asked), in tree order. */
export const PointList = Type.Object({ points: Type.Array(PointListItem) });
export type PointList = Type.Static<typeof PointList>;

/** A new join link: the token is shown once and stored only as a hash. */
export const IssuedCredential = Type.Object({
  pointId: Id,
  pointName: Name,
  unit: UnitSummary,
  token: Type.String(),
  joinUrl: Type.String(),
  issuedAt: IsoDateTime,
});
export type IssuedCredential = Type.Static<typeof IssuedCredential>;

/** `csv` answers text/csv (`unit_code,unit_name,point_name,join_url`) for the operator to distribute. */
export const IssueCredentialsQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) },
  { additionalProperties: false },
);
export type IssueCredentialsQuery = Type.Static<typeof IssueCredentialsQuery>;

export const IssuedCredentials = Type.Object({ credentials: Type.Array(IssuedCredential) });
export type IssuedCredentials = Type.Static<typeof IssuedCredentials>;
