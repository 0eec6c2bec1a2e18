import crypto from 'node:crypto';
import type {
  Conference,
  ConferenceCreate,
  ConferenceDetail,
  ConferenceListQuery,
  ConferenceUpdate,
  Invitation,
  JoinNotLive,
  JoinResponse,
  ViewerToken,
  WatchInfo,
} from '@diemcau/protocol';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import type { JoinTokens } from '../auth/join-tokens.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  assertKnownInvitees,
  conferencesInviting,
  invites,
  normaliseInvitation,
  readInvitations,
  replaceInvitation,
  resolveInvitation,
  type ConferenceRow,
} from './invitations.js';
import { TRANSITIONS, editRefusal, refusal, type LifecycleAction } from './lifecycle.js';
import type { ConferenceEvents } from './conference-events.js';
import { isSlugTaken, sameHash, slugFor, toConference, utc } from './conference-rows.js';
import { pointById, pointByLinkToken } from './points.js';
import type { PointPresence } from './presence.js';

export interface ConferenceServiceOptions {
  publicUrl: string;
}

/** Who asks for a change, for the audit log: a request's principal and address, or the CLI. */
export interface Caller {
  actor: AuditEvent['actor'];
  ip: string | null;
}

const notFound = (id: string) => new AppError('NOT_FOUND', 404, `no conference ${id}`);

/**
 * Conferences as stored: schedule, invitations, lifecycle, join links and watch pages.
 * Who is connected right now is `presence`'s, read for `detail`; an end is told on `events`.
 */
export class ConferenceService {
  readonly #presence: Pick<PointPresence, 'isOnline'>;
  readonly #events: Pick<ConferenceEvents, 'emit'>;

  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly joinTokens: JoinTokens,
    presence: Pick<PointPresence, 'isOnline'>,
    events: Pick<ConferenceEvents, 'emit'>,
    readonly options: ConferenceServiceOptions,
  ) {
    this.#presence = presence;
    this.#events = events;
  }

  async create(input: ConferenceCreate, caller: Caller): Promise<Conference> {
    const now = new Date().toISOString();
    const invite = normaliseInvitation(input.invite);
    const watchAccess = input.watchAccess ?? 'none';
    const row: ConferenceRow = {
      id: crypto.randomUUID(),
      title: input.title,
      description: input.description ?? '',
      scheduled_start: utc(input.scheduledStart),
      status: 'scheduled',
      created_by: caller.actor.kind === 'account' ? caller.actor.accountId : null,
      started_at: null,
      ended_at: null,
      watch_access: watchAccess,
      watch_slug: slugFor(watchAccess, input.watchSlug),
      viewer_token_hash: null,
      created_at: now,
      updated_at: now,
    };
    await this.#writing(row.watch_slug, async (trx) => {
      await assertKnownInvitees(trx, invite);
      await trx.insertInto('conferences').values(row).execute();
      await replaceInvitation(trx, row.id, invite);
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'conference.create',
          target: { kind: 'conference', id: row.id },
          ip: caller.ip,
          details: {
            title: row.title,
            invitedUnits: invite.units.length,
            invitedPoints: invite.points.length,
          },
        },
        trx,
      );
    });
    return toConference(row, invite);
  }

  /** Changes a scheduled conference; `invite`, when given, replaces the whole invitation. */
  async update(id: string, patch: ConferenceUpdate, caller: Caller): Promise<Conference> {
    const now = new Date().toISOString();
    return this.#writing(patch.watchSlug, async (trx) => {
      const current = await trx.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound(id);
      const refused = editRefusal(current.status);
      if (refused) throw new AppError('CONFLICT', 409, refused);
      const watchAccess = patch.watchAccess ?? current.watch_access;
      const row: ConferenceRow = {
        ...current,
        title: patch.title ?? current.title,
        description: patch.description ?? current.description,
        scheduled_start: patch.scheduledStart ? utc(patch.scheduledStart) : current.scheduled_start,
        watch_access: watchAccess,
        watch_slug: slugFor(watchAccess, patch.watchSlug ?? current.watch_slug),
        // Leaving token access retires the token: switching back later needs a new one.
        viewer_token_hash: watchAccess === 'token' ? current.viewer_token_hash : null,
        updated_at: now,
      };
      // The status guard makes a concurrent start win cleanly instead of editing a live conference.
      const updated = await trx
        .updateTable('conferences')
        .set({
          title: row.title,
          description: row.description,
          scheduled_start: row.scheduled_start,
          watch_access: row.watch_access,
          watch_slug: row.watch_slug,
          viewer_token_hash: row.viewer_token_hash,
          updated_at: row.updated_at,
        })
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        const latest = await trx
          .selectFrom('conferences')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirst();
        throw new AppError('CONFLICT', 409, editRefusal(latest?.status ?? 'ended') ?? 'changed meanwhile');
      }
      let invite: Invitation;
      if (patch.invite) {
        invite = normaliseInvitation(patch.invite);
        await assertKnownInvitees(trx, invite);
        await replaceInvitation(trx, id, invite);
      } else {
        invite = (await readInvitations(trx, [id])).get(id) ?? { units: [], points: [] };
      }
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'conference.update',
          target: { kind: 'conference', id },
          ip: caller.ip,
          details: { fields: Object.keys(patch).sort() },
        },
        trx,
      );
      return toConference(row, invite);
    });
  }

  start(id: string, caller: Caller): Promise<Conference> {
    return this.#transition(id, 'start', caller);
  }

  async end(id: string, caller: Caller): Promise<Conference> {
    const conference = await this.#transition(id, 'end', caller);
    this.#events.emit('ended', id);
    return conference;
  }

  cancel(id: string, caller: Caller): Promise<Conference> {
    return this.#transition(id, 'cancel', caller);
  }

  async list(query: ConferenceListQuery): Promise<{ items: Conference[]; total: number }> {
    let base = this.db.selectFrom('conferences');
    if (query.status) base = base.where('status', '=', query.status);
    if (query.from) base = base.where('scheduled_start', '>=', utc(query.from));
    if (query.to) base = base.where('scheduled_start', '<', utc(query.to));
    const [{ total } = { total: 0 }] = await base
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .execute();
    const order = query.order ?? 'asc';
    const rows = await base
      .selectAll()
      .orderBy('scheduled_start', order)
      .orderBy('id', order)
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute();
    const invitations = await readInvitations(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      total: Number(total),
      items: rows.map((r) => toConference(r, invitations.get(r.id) ?? { units: [], points: [] })),
    };
  }

  /** The conference with every point its invitation reaches; online only while live and connected. */
  async detail(id: string): Promise<ConferenceDetail> {
    const row = await this.db.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    const invite = (await readInvitations(this.db, [id])).get(id) ?? { units: [], points: [] };
    const points = await resolveInvitation(this.db, invite);
    const live = row.status === 'live';
    return {
      ...toConference(row, invite),
      invitedPoints: points.map((p) => ({
        ...p,
        live: { state: live && this.#presence.isOnline(id, p.id) ? 'online' : 'offline' },
      })),
    };
  }

  /** A new viewer token for a `token` watch page, replacing any earlier one; shown once. */
  async issueViewerToken(id: string, caller: Caller): Promise<ViewerToken> {
    const token = newToken();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('conferences')
        .select(['watch_access', 'watch_slug'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound(id);
      if (row.watch_access !== 'token' || row.watch_slug === null) {
        throw new AppError(
          'CONFLICT',
          409,
          `the watch page of this conference is ${row.watch_access === 'none' ? 'off' : row.watch_access}: viewer tokens are for watchAccess "token"`,
        );
      }
      await trx
        .updateTable('conferences')
        .set({ viewer_token_hash: hashToken(token), updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'conference.viewer_token',
          target: { kind: 'conference', id },
          ip: caller.ip,
        },
        trx,
      );
      return { token, watchUrl: `${this.options.publicUrl}/watch/${row.watch_slug}?t=${token}` };
    });
  }

  /**
   * The join-link flow: a point's link token buys a short-lived conference join
   * token while a conference it is invited to is live. Anything that is not an
   * active link token (unknown, revoked, a viewer token) gets the same 404.
   */
  async join(linkToken: string, ip: string): Promise<JoinResponse> {
    const point = await pointByLinkToken(this.db, linkToken);
    if (!point || point.revokedAt !== null) {
      await this.audit.record({
        actor: { kind: 'anonymous' },
        action: 'join.refused',
        ip,
        ...(point ? { target: { kind: 'point', id: point.id } } : {}),
        details: { reason: point ? 'revoked link' : 'unknown link' },
      });
      throw new AppError('NOT_FOUND', 404, 'this join link is not valid: ask the organiser for a new one');
    }
    // Several live at once: the most recently started is the one the hall is expected in.
    const [conference] = (await conferencesInviting(this.db, point, 'live')).sort(
      (a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? '') || a.id.localeCompare(b.id),
    );
    if (!conference) {
      const [next] = (await conferencesInviting(this.db, point, 'scheduled')).sort(
        (a, b) => a.scheduled_start.localeCompare(b.scheduled_start) || a.id.localeCompare(b.id),
      );
      const details: JoinNotLive = {
        next: next ? { title: next.title, scheduledStart: next.scheduled_start } : null,
      };
      throw new AppError('CONFLICT', 409, 'no live conference for this point', details);
    }
    const grant = this.joinTokens.mint({ conferenceId: conference.id, role: 'point', pointId: point.id });
    await this.audit.record({
      actor: { kind: 'point', pointId: point.id, conferenceId: conference.id },
      action: 'join.token',
      target: { kind: 'conference', id: conference.id },
      ip,
    });
    return {
      conference: { id: conference.id, title: conference.title },
      point: { id: point.id, name: point.name, unitName: point.unitName },
      joinToken: grant.token,
      expiresAt: grant.expiresAt,
    };
  }

  /** For the signalling layer: whether the conference's invitation reaches the point (revoked or not). */
  async isInvited(conferenceId: string, pointId: string): Promise<boolean> {
    const point = await pointById(this.db, pointId);
    return point !== undefined && invites(this.db, conferenceId, point);
  }

  /** For the signalling layer: the conference while it is live, else undefined. */
  async getLive(conferenceId: string): Promise<Conference | undefined> {
    const row = await this.db
      .selectFrom('conferences')
      .selectAll()
      .where('id', '=', conferenceId)
      .where('status', '=', 'live')
      .executeTakeFirst();
    if (!row) return undefined;
    const invite = (await readInvitations(this.db, [row.id])).get(row.id) ?? { units: [], points: [] };
    return toConference(row, invite);
  }

  /**
   * The public face of a watch page. `none` and unknown slugs are the same 404;
   * a `token` page needs the current viewer token.
   */
  async watch(slug: string, viewerToken: string | undefined): Promise<WatchInfo> {
    const row = await this.db
      .selectFrom('conferences')
      .select(['title', 'description', 'status', 'scheduled_start', 'watch_access', 'viewer_token_hash'])
      .where('watch_slug', '=', slug)
      .executeTakeFirst();
    if (!row || row.watch_access === 'none') throw new AppError('NOT_FOUND', 404, 'no watch page here');
    if (row.watch_access === 'token' && !sameHash(viewerToken, row.viewer_token_hash)) {
      throw new AppError('UNAUTHENTICATED', 401, 'this watch page needs a valid viewer link');
    }
    return {
      title: row.title,
      description: row.description,
      status: row.status,
      scheduledStart: row.scheduled_start,
    };
  }

  async #transition(id: string, action: LifecycleAction, caller: Caller): Promise<Conference> {
    const { from, to } = TRANSITIONS[action];
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      // Conditional on the status, so two racing requests cannot both succeed.
      const updated = await trx
        .updateTable('conferences')
        .set({
          status: to,
          updated_at: now,
          ...(action === 'start' ? { started_at: now } : action === 'end' ? { ended_at: now } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      const row = await trx.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(id);
      if (Number(updated.numUpdatedRows) === 0) {
        throw new AppError('CONFLICT', 409, refusal(action, row.status) ?? `cannot ${action} now`);
      }
      await this.audit.record(
        {
          actor: caller.actor,
          action: `conference.${action}`,
          target: { kind: 'conference', id },
          ip: caller.ip,
        },
        trx,
      );
      const invite = (await readInvitations(trx, [id])).get(id) ?? { units: [], points: [] };
      return toConference(row, invite);
    });
  }

  /** A transaction whose unique-slug violation becomes a 409 naming the slug. */
  async #writing<T>(slug: string | null | undefined, work: (trx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      if (!isSlugTaken(error)) throw error;
      throw new AppError('CONFLICT', 409, `the watch address${slug ? ` "${slug}"` : ''} is taken`);
    }
  }
}
