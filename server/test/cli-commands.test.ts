import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { openServices } from '../src/cli/services.js';
import { loadConfig } from '../src/config.js';
import type { ApiServices } from '../src/http/api-services.js';
import { DIALECTS, freshPostgresUrl, freshSqliteFile } from './helpers/databases.js';

const UNITS_CSV = `code,name,level,parent_code,points
HN,Thành phố Hà Nội,province,,Hội trường Thành uỷ
DA,Huyện Đông Anh,district,HN,Hội trường A|Hội trường B
XC,Xã Xuân Canh,commune,DA,
`;

/** The commands in-process against each database; cli.test.ts covers the built entry point. */
describe.each(DIALECTS)('CLI commands on %s', (kind) => {
  let env: Record<string, string>;
  let dir: string;
  let services: ApiServices;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-cli-'));
    env = {
      DATABASE_URL: kind === 'sqlite' ? `sqlite:${freshSqliteFile()}` : await freshPostgresUrl(),
      DATA_DIR: dir,
      SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      PUBLIC_URL: 'https://diemcau.example',
    };
    ({ services, close } = await openServices(loadConfig(env)));
  });
  afterAll(async () => close());

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(
      argv,
      { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: async () => '' },
      env,
    );
    return { code, out, err };
  }

  const pointsOf = async (code: string) =>
    (await services.units.listPoints()).filter((p) => p.unit.code === code);

  async function auditActors(action: string) {
    const page = await services.audit.query({ action });
    return page.items.map((i) => i.actorKind);
  }

  it('imports units, lists their points and exports them again', async () => {
    const file = path.join(dir, 'units.csv');
    fs.writeFileSync(file, UNITS_CSV);
    const imported = await run('import-units', file);
    expect(imported.err).toBe('');
    expect(imported.out).toBe(
      `Imported ${file}: 3 units created, 0 updated, 0 unchanged; 4 points created.\n`,
    );
    expect(await auditActors('unit.import')).toEqual(['cli']);

    const listed = await run('list-points');
    const lines = listed.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^POINT ID +UNIT CODE +UNIT +POINT +JOIN LINK$/);
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/ DA +Huyện Đông Anh +Hội trường A +none$/);

    const exported = await run('export-units');
    expect(exported.out.startsWith('\uFEFFcode,name,level,parent_code,points')).toBe(true);
    const again = await run('import-units', '-');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: the file has 1 error\(s\); nothing was imported\n {2}line 1: /);
  });

  it('rotates a join link by unit code or point id, refusing an ambiguous code', async () => {
    const [xc] = await pointsOf('XC');
    const byCode = await run('rotate-credential', 'XC');
    expect(byCode.code).toBe(0);
    const token = /https:\/\/diemcau\.example\/join\/(\S+)\n$/.exec(byCode.out)?.[1];
    expect(token).toBeDefined();
    expect((await services.units.findPointByToken(token!))?.point.id).toBe(xc?.id);

    const ambiguous = await run('rotate-credential', 'DA');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/^error: unit DA has 2 points: give one of /);

    const [first] = await pointsOf('DA');
    expect((await run('rotate-credential', first!.id)).code).toBe(0);
    expect((await run('rotate-credential', 'nowhere')).err).toBe(
      'error: no bridge point with id or unit code "nowhere"\n',
    );
    expect(await auditActors('point.credential.issue')).toEqual(['cli', 'cli']);
  });

  it('issues the missing join links into a file', async () => {
    const file = path.join(dir, 'links.csv');
    const res = await run('issue-credentials', file);
    expect(res.out).toBe(`Issued 2 join links into ${file}.\n`);
    const rows = fs.readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('\uFEFFunit_code,unit_name,point_name,join_url');
    const token = rows[1]!.split('/join/')[1]!;
    expect(await services.units.findPointByToken(token)).toBeDefined();
    expect((await run('list-points', '--credential', 'none')).out).toBe('No bridge points.\n');
  });

  it('schedules a conference inviting units by code and points by id', async () => {
    const [hall] = await pointsOf('HN');
    const res = await run(
      'create-conference',
      '--title',
      'Hội nghị quán triệt Nghị quyết',
      '--start',
      '2030-03-01T08:00:00+07:00',
      '--invite-unit',
      'DA',
      '--invite-point',
      hall!.id,
    );
    expect(res.err).toBe('');
    const id = / id ([0-9a-f-]+) /.exec(res.out)?.[1];
    const conference = await services.conferences.detail(id!);
    expect(conference).toMatchObject({
      title: 'Hội nghị quán triệt Nghị quyết',
      scheduledStart: '2030-03-01T01:00:00.000Z',
      status: 'scheduled',
    });
    expect(conference.invitedPoints).toHaveLength(4);
    expect(await auditActors('conference.create')).toEqual(['cli']);

    const unknownUnit = await run(
      'create-conference',
      '--title',
      'X',
      '--start',
      '2030-03-01T08:00:00Z',
      '--invite-unit',
      'ZZ',
    );
    expect(unknownUnit).toMatchObject({ code: 1, err: 'error: no unit with code ZZ\n' });
    const badStart = await run('create-conference', '--title', 'X', '--start', 'tomorrow');
    expect(badStart).toMatchObject({ code: 1, err: expect.stringMatching(/^error: --start: /) });
    const noTitle = await run('create-conference', '--start', '2030-03-01T08:00:00Z');
    expect(noTitle.code).toBe(2);
  });

  it('refuses a wrong option value or extra argument as a usage error', async () => {
    expect((await run('list-points', '--credential', 'bogus')).code).toBe(2);
    expect((await run('export-units', 'a.csv', 'b.csv')).err).toMatch(
      /^export-units: unexpected argument "b.csv"\n/,
    );
    expect((await run('rotate-credential')).err).toMatch(
      /^rotate-credential: missing the point id or unit code\n/,
    );
  });
});
