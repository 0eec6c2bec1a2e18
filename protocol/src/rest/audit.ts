import Type from 'typebox';
import { IsoDateTime, PageQuery } from './common.js';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoDateTime,
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetKind: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AuditEntry = Type.Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    actorKind: Type.Optional(Type.String({ maxLength: 16 })),
    actorId: Type.Optional(Type.String({ maxLength: 64 })),
    targetId: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Type.Static<typeof AuditQuery>;
