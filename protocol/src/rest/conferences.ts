import Type from 'typebox';
import { Id, IsoDateTime, Name, PageQuery } from './common.js';

export const ConferenceStatus = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('live'),
  Type.Literal('ended'),
  Type.Literal('cancelled'),
]);
export type ConferenceStatus = Type.Static<typeof ConferenceStatus>;

export const WatchAccess = Type.Union([Type.Literal('none'), Type.Literal('public'), Type.Literal('token')]);
export const WatchSlug = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z0-9-]+$' });

export const Invitation = Type.Object(
  {
    /** Every point in each of these units' subtrees. */
    units: Type.Array(Id, { maxItems: 5000, default: [] }),
    /** Single points. */
    points: Type.Array(Id, { maxItems: 5000, default: [] }),
  },
  { additionalProperties: false },
);
export type Invitation = Type.Static<typeof Invitation>;

export const ConferenceCreate = Type.Object(
  {
    title: Name,
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    scheduledStart: IsoDateTime,
    invite: Invitation,
    watchAccess: Type.Optional(WatchAccess),
    watchSlug: Type.Optional(WatchSlug),
  },
  { additionalProperties: false },
);
export type ConferenceCreate = Type.Static<typeof ConferenceCreate>;

export const ConferenceUpdate = Type.Partial(ConferenceCreate, { additionalProperties: false });
export type ConferenceUpdate = Type.Static<typeof ConferenceUpdate>;

export const Conference = Type.Object({
  id: Id,
  title: Name,
  description: Type.String(),
  scheduledStart: IsoDateTime,
  status: ConferenceStatus,
  startedAt: Type.Union([IsoDateTime, Type.Null()]),
  endedAt: Type.Union([IsoDateTime, Type.Null()]),
  watchAccess: WatchAccess,
  watchSlug: Type.Union([WatchSlug, Type.Null()]),
  invite: Invitation,
  createdAt: IsoDateTime,
});
export type Conference = Type.Static<typeof Conference>;

export const InvitedPoint = Type.Object({
  id: Id,
  name: Name,
  unit: Type.Object({ id: Id, code: Type.String(), name: Name, level: Type.String() }),
  /** Live state comes from the room; `offline` when the conference is not live. */
  live: Type.Object({ state: Type.Union([Type.Literal('offline'), Type.Literal('online')]) }),
});
export type InvitedPoint = Type.Static<typeof InvitedPoint>;

export const ConferenceDetail = Type.Intersect([
  Conference,
  Type.Object({ invitedPoints: Type.Array(InvitedPoint) }),
]);
export type ConferenceDetail = Type.Static<typeof ConferenceDetail>;

/** `from` is inclusive and `to` exclusive, both on `scheduledStart`; `order` sorts by it (oldest first by default). */
export const ConferenceListQuery = Type.Object(
  {
    status: Type.Optional(ConferenceStatus),
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ConferenceListQuery = Type.Static<typeof ConferenceListQuery>;

export const ConferenceParams = Type.Object({ id: Id }, { additionalProperties: false });
export type ConferenceParams = Type.Static<typeof ConferenceParams>;

/** A viewer token for a `token` watch page: shown once, stored as a hash. */
export const ViewerToken = Type.Object({ token: Type.String(), watchUrl: Type.String() });
export type ViewerToken = Type.Static<typeof ViewerToken>;

export const WatchInfo = Type.Object({
  title: Name,
  description: Type.String(),
  status: ConferenceStatus,
  scheduledStart: IsoDateTime,
});
export type WatchInfo = Type.Static<typeof WatchInfo>;

/** Any text: an address that is not a slug is simply not found. */
export const WatchParams = Type.Object(
  { slug: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
export type WatchParams = Type.Static<typeof WatchParams>;

/** The viewer token of a `token` watch page, when not sent as `Authorization: Bearer`. */
export const WatchQuery = Type.Object(
  { t: Type.Optional(Type.String({ maxLength: 128 })) },
  { additionalProperties: false },
);
export type WatchQuery = Type.Static<typeof WatchQuery>;
