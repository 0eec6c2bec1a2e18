import crypto from 'node:crypto';
import type { Destination, DestinationCreate, DestinationUpdate, StreamPlatform } from '@diemcau/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller } from '../conferences/conference-service.js';
import { SecretBoxError, type SecretBox } from '../crypto/secret-box.js';
import type { Db } from '../db/database.js';
import type { StreamDestinationTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { serverUrl, streamKeyHint } from './platforms.js';

/** Where the live pipeline sends a destination's stream: the only place the key leaves its seal. */
export interface StreamTarget {
  id: string;
  name: string;
  platform: StreamPlatform;
  url: string;
  streamKey: string;
}

const notFound = (id: string) => new AppError('NOT_FOUND', 404, `no destination ${id}`);

function checkedUrl(platform: StreamPlatform, url: string | undefined): string {
  const result = serverUrl(platform, url);
  if ('error' in result) throw new AppError('VALIDATION_FAILED', 400, result.error);
  return result.url;
}

/**
 * Livestream destinations (Facebook, YouTube, any RTMP server). Stream keys are
 * sealed before they are stored and never returned by the API, logged or audited.
 */
export class DestinationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly box: SecretBox,
  ) {}

  async create(input: DestinationCreate, caller: Caller): Promise<Destination> {
    const now = new Date().toISOString();
    const row: StreamDestinationTable = {
      id: crypto.randomUUID(),
      name: input.name,
      platform: input.platform,
      url: checkedUrl(input.platform, input.url),
      stream_key_sealed: this.box.seal(input.streamKey),
      created_by: caller.actor.kind === 'account' ? caller.actor.accountId : null,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('stream_destinations').values(row).execute();
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'destination.create',
          target: { kind: 'destination', id: row.id },
          ip: caller.ip,
          details: { name: row.name, platform: row.platform, url: row.url },
        },
        trx,
      );
    });
    return this.#toDestination(row);
  }

  async list(): Promise<Destination[]> {
    const rows = await this.db
      .selectFrom('stream_destinations')
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((r) => this.#toDestination(r));
  }

  async get(id: string): Promise<Destination> {
    return this.#toDestination(await this.#row(id));
  }

  async update(id: string, patch: DestinationUpdate, caller: Caller): Promise<Destination> {
    const current = await this.#row(id);
    if (patch.url !== undefined && current.platform !== 'rtmp') {
      throw new AppError('VALIDATION_FAILED', 400, `the url of a ${current.platform} destination is fixed`);
    }
    const row: StreamDestinationTable = {
      ...current,
      name: patch.name ?? current.name,
      url: patch.url === undefined ? current.url : checkedUrl('rtmp', patch.url),
      stream_key_sealed:
        patch.streamKey === undefined ? current.stream_key_sealed : this.box.seal(patch.streamKey),
      updated_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('stream_destinations')
        .set({
          name: row.name,
          url: row.url,
          stream_key_sealed: row.stream_key_sealed,
          updated_at: row.updated_at,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw notFound(id);
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'destination.update',
          target: { kind: 'destination', id },
          ip: caller.ip,
          // Which fields changed, never their values: one of them may be the key.
          details: { fields: Object.keys(patch).sort() },
        },
        trx,
      );
    });
    return this.#toDestination(row);
  }

  async delete(id: string, caller: Caller): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('stream_destinations').where('id', '=', id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw notFound(id);
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'destination.delete',
          target: { kind: 'destination', id },
          ip: caller.ip,
        },
        trx,
      );
    });
  }

  /** The destination with its key opened, for the live pipeline only. */
  async streamTarget(id: string): Promise<StreamTarget> {
    const row = await this.#row(id);
    return {
      id: row.id,
      name: row.name,
      platform: row.platform,
      url: row.url,
      streamKey: this.box.open(row.stream_key_sealed),
    };
  }

  /** A key sealed under another server secret reads as unset, so the list still shows. */
  #openKey(row: StreamDestinationTable): string | undefined {
    try {
      return this.box.open(row.stream_key_sealed);
    } catch (error) {
      if (error instanceof SecretBoxError) return undefined;
      throw error;
    }
  }

  async #row(id: string): Promise<StreamDestinationTable> {
    const row = await this.db
      .selectFrom('stream_destinations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(id);
    return row;
  }

  #toDestination(row: StreamDestinationTable): Destination {
    const key = this.#openKey(row);
    return {
      id: row.id,
      name: row.name,
      platform: row.platform,
      url: row.url,
      streamKeySet: key !== undefined,
      streamKeyHint: key === undefined ? '' : streamKeyHint(key),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
