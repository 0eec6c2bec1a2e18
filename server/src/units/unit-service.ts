import crypto from 'node:crypto';
import type {
  BridgePoint,
  CredentialState,
  CsvRowError,
  ImportResult,
  IssuedCredential,
  PointListItem,
  Unit,
  UnitSummary,
} from '@diemcau/protocol';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import type { BridgePointTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { planImport, type ImportPlan } from './import-plan.js';
import { inTreeOrder } from './tree-order.js';
import { readUnitsCsv, writeUnitsCsv } from './units-csv.js';

export interface UnitServiceOptions {
  publicUrl: string;
}

/** Who acts and from where, for the audit log. */
export interface Acting {
  actor: AuditEvent['actor'];
  ip?: string | null;
}

/** What a join link leads to. */
export interface FoundPoint {
  point: BridgePoint;
  unit: UnitSummary;
}

type PointRow = Omit<BridgePointTable, 'created_at'>;
type PointWithUnitRow = PointRow & { unit_code: string; unit_name: string; unit_level: string };

/** Rows per INSERT: far below SQLite's limit on bound parameters. */
const INSERT_CHUNK = 500;
const byName = new Intl.Collator('vi').compare;

function credentialState(row: PointRow): CredentialState {
  if (row.revoked_at !== null) return 'revoked';
  return row.token_hash !== null ? 'active' : 'none';
}

function toBridgePoint(row: PointRow): BridgePoint {
  return {
    id: row.id,
    unitId: row.unit_id,
    name: row.name,
    credential: credentialState(row),
    credentialIssuedAt: row.token_issued_at,
    credentialRevokedAt: row.revoked_at,
  };
}

function unitOf(row: PointWithUnitRow): UnitSummary {
  return { id: row.unit_id, code: row.unit_code, name: row.unit_name, level: row.unit_level };
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += INSERT_CHUNK) out.push(items.slice(i, i + INSERT_CHUNK));
  return out;
}

function invalidFile(errors: CsvRowError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return new AppError(
    'VALIDATION_FAILED',
    400,
    `the file has ${sorted.length} error(s); nothing was imported`,
    sorted,
  );
}

/** Two writers racing for the same code or point name: PostgreSQL's and SQLite's unique-violation codes. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The administrative tree, its bridge points and their join-link credentials. */
export class UnitService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: UnitServiceOptions,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.db.selectFrom('units').select('id').limit(1).executeTakeFirst()) === undefined;
  }

  /** Every unit with its points, parents before children. */
  async tree(): Promise<Unit[]> {
    const [units, points] = await Promise.all([
      this.db.selectFrom('units').select(['id', 'code', 'name', 'level', 'parent_id']).execute(),
      this.db
        .selectFrom('bridge_points')
        .select(['id', 'unit_id', 'name', 'token_hash', 'token_issued_at', 'revoked_at'])
        .execute(),
    ]);
    const pointsOf = new Map<string, BridgePoint[]>();
    for (const row of points) {
      const list = pointsOf.get(row.unit_id) ?? [];
      list.push(toBridgePoint(row));
      pointsOf.set(row.unit_id, list);
    }
    return inTreeOrder(units.map((u) => ({ ...u, parentId: u.parent_id }))).map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      points: (pointsOf.get(u.id) ?? []).sort((a, b) => byName(a.name, b.name)),
    }));
  }

  /** Every point with its unit, in tree order. */
  async listPoints(filter: { credential?: CredentialState } = {}): Promise<PointListItem[]> {
    return (await this.tree()).flatMap(({ points, ...u }) =>
      points
        .filter((p) => !filter.credential || p.credential === filter.credential)
        .map((p) => ({ ...p, unit: { id: u.id, code: u.code, name: u.name, level: u.level } })),
    );
  }

  /** The tree in the import format (with a BOM for spreadsheets): importing it back changes nothing. */
  async exportCsv(): Promise<string> {
    const units = await this.tree();
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    return (
      '\uFEFF' +
      writeUnitsCsv(
        units.map((u) => ({
          code: u.code,
          name: u.name,
          level: u.level,
          parentCode: u.parentId === null ? null : (codeOf.get(u.parentId) ?? null),
          points: u.points.map((p) => p.name),
        })),
      )
    );
  }

  /**
   * Imports a units CSV (see units-csv.ts): all rows or none. Every invalid row
   * is reported in one VALIDATION_FAILED error whose details are `CsvRowError`s.
   */
  async importCsv(text: string, acting: Acting): Promise<ImportResult> {
    const read = readUnitsCsv(text);
    // A file without a single row (empty, bad header) needs no look at the database.
    if (read.rows.length + read.refused.length === 0) throw invalidFile(read.errors);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const [units, points] = await Promise.all([
          trx.selectFrom('units').select(['id', 'code', 'name', 'level', 'parent_id as parentId']).execute(),
          trx.selectFrom('bridge_points').select(['unit_id as unitId', 'name']).execute(),
        ]);
        const planned = planImport(read.rows, units, points, read.refused);
        if (read.errors.length > 0 || !planned.ok) {
          throw invalidFile([...read.errors, ...(planned.ok ? [] : planned.errors)]);
        }
        const result = await this.#apply(trx, planned.plan, units);
        await this.audit.record(
          {
            ...acting,
            action: 'unit.import',
            details: {
              ...result,
              created: planned.plan.create.map((r) => r.code),
              updated: planned.plan.update.map((u) => u.row.code),
            },
          },
          trx,
        );
        return result;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', 409, 'the tree changed during the import: import the file again');
      }
      throw error;
    }
  }

  async #apply(
    trx: Db,
    plan: ImportPlan,
    existing: readonly { id: string; code: string }[],
  ): Promise<ImportResult> {
    const now = new Date().toISOString();
    const idOf = new Map(existing.map((u) => [u.code, u.id]));
    for (const row of plan.create) idOf.set(row.code, crypto.randomUUID());
    const parentId = (code: string | null) => (code === null ? null : idOf.get(code)!);

    // Parents come first in `create`, and chunks go in order, so every parent exists before its children.
    for (const chunk of chunks(plan.create)) {
      await trx
        .insertInto('units')
        .values(
          chunk.map((row) => ({
            id: idOf.get(row.code)!,
            code: row.code,
            name: row.name,
            level: row.level,
            parent_id: parentId(row.parentCode),
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    for (const { id, row } of plan.update) {
      await trx
        .updateTable('units')
        .set({ name: row.name, level: row.level, parent_id: parentId(row.parentCode), updated_at: now })
        .where('id', '=', id)
        .execute();
    }
    for (const chunk of chunks(plan.newPoints)) {
      await trx
        .insertInto('bridge_points')
        .values(
          chunk.map((p) => ({
            id: crypto.randomUUID(),
            unit_id: idOf.get(p.code)!,
            name: p.name,
            token_hash: null,
            token_issued_at: null,
            revoked_at: null,
            created_at: now,
          })),
        )
        .execute();
    }
    return {
      unitsCreated: plan.create.length,
      unitsUpdated: plan.update.length,
      unitsUnchanged: plan.unchanged,
      pointsCreated: plan.newPoints.length,
    };
  }

  #pointsWithUnits(db: Db) {
    return db
      .selectFrom('bridge_points')
      .innerJoin('units', 'units.id', 'bridge_points.unit_id')
      .select([
        'bridge_points.id',
        'bridge_points.unit_id',
        'bridge_points.name',
        'bridge_points.token_hash',
        'bridge_points.token_issued_at',
        'bridge_points.revoked_at',
        'units.code as unit_code',
        'units.name as unit_name',
        'units.level as unit_level',
      ]);
  }

  async #pointForUpdate(trx: Db, pointId: string): Promise<PointWithUnitRow> {
    const row = await this.#pointsWithUnits(trx).where('bridge_points.id', '=', pointId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 404, `no bridge point ${pointId}`);
    return row;
  }

  /**
   * Gives the point a new join link, replacing any active or revoked one (the
   * old link stops working). Only the token's hash is stored; the link is
   * returned this once. `onlyIfNone` issues only to a point that never had one.
   */
  async #issue(
    trx: Db,
    row: PointWithUnitRow,
    acting: Acting,
    onlyIfNone: boolean,
  ): Promise<IssuedCredential | undefined> {
    const token = newToken();
    const issuedAt = new Date().toISOString();
    let update = trx
      .updateTable('bridge_points')
      .set({ token_hash: hashToken(token), token_issued_at: issuedAt, revoked_at: null })
      .where('id', '=', row.id);
    if (onlyIfNone) update = update.where('token_hash', 'is', null).where('revoked_at', 'is', null);
    const { numUpdatedRows } = await update.executeTakeFirst();
    if (Number(numUpdatedRows) === 0) return undefined;
    const previous = credentialState(row);
    await this.audit.record(
      {
        ...acting,
        action: previous === 'active' ? 'point.credential.rotate' : 'point.credential.issue',
        target: { kind: 'point', id: row.id },
        details: {
          unitCode: row.unit_code,
          pointName: row.name,
          previous,
          ...(onlyIfNone ? { bulk: true } : {}),
        },
      },
      trx,
    );
    return {
      pointId: row.id,
      pointName: row.name,
      unit: unitOf(row),
      token,
      joinUrl: `${this.options.publicUrl}/join/${token}`,
      issuedAt,
    };
  }

  /** Issues (or rotates) one point's join link. */
  async issueCredential(pointId: string, acting: Acting): Promise<IssuedCredential> {
    return this.db.transaction().execute(async (trx) => {
      const issued = await this.#issue(trx, await this.#pointForUpdate(trx, pointId), acting, false);
      if (!issued) throw new AppError('NOT_FOUND', 404, `no bridge point ${pointId}`);
      return issued;
    });
  }

  /**
   * Issues a join link to every point that never had one, in tree order.
   * Revoked points are left alone: an admin revoked them on purpose.
   */
  async issueMissingCredentials(acting: Acting): Promise<IssuedCredential[]> {
    const issued = await this.db.transaction().execute(async (trx) => {
      const rows = await this.#pointsWithUnits(trx)
        .where('bridge_points.token_hash', 'is', null)
        .where('bridge_points.revoked_at', 'is', null)
        .execute();
      const out: IssuedCredential[] = [];
      for (const row of rows) {
        const credential = await this.#issue(trx, row, acting, true);
        if (credential) out.push(credential);
      }
      return out;
    });
    const order = new Map((await this.listPoints()).map((p, i) => [p.id, i]));
    return issued.sort((a, b) => (order.get(a.pointId) ?? 0) - (order.get(b.pointId) ?? 0));
  }

  /** Revokes a point's join link: no link works until a new one is issued. */
  async revokeCredential(pointId: string, acting: Acting): Promise<BridgePoint> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.#pointForUpdate(trx, pointId);
      if (credentialState(row) !== 'active') return toBridgePoint(row);
      const revokedAt = new Date().toISOString();
      // The hash stays, so that the join flow can tell a revoked link from an unknown one.
      await trx
        .updateTable('bridge_points')
        .set({ revoked_at: revokedAt })
        .where('id', '=', row.id)
        .execute();
      await this.audit.record(
        {
          ...acting,
          action: 'point.credential.revoke',
          target: { kind: 'point', id: row.id },
          details: { unitCode: row.unit_code, pointName: row.name },
        },
        trx,
      );
      return toBridgePoint({ ...row, revoked_at: revokedAt });
    });
  }

  /** The point a join-link token belongs to, or undefined for an unknown, rotated or revoked token. */
  async findPointByToken(token: string): Promise<FoundPoint | undefined> {
    if (!token) return undefined;
    const row = await this.#pointsWithUnits(this.db)
      .where('bridge_points.token_hash', '=', hashToken(token))
      .where('bridge_points.revoked_at', 'is', null)
      .executeTakeFirst();
    return row && { point: toBridgePoint(row), unit: unitOf(row) };
  }
}
