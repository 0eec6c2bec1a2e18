import type { IssuedCredentials } from '@diemcau/protocol';
import { signedIn } from '../../../server/test/helpers/accounts.js';
import type { TestApi } from '../../../server/test/helpers/api.js';

/*
 * What the province's admin prepares before any host signs in, done the way
 * the admin does it (docs/units-csv.md): the units CSV imported, the join links
 * issued in bulk, and the host's account created. The browser tests start from
 * here, since the web client has no pages for these.
 */

/** A small province: two districts, three communes, one hall each (empty `points` names it after the unit). */
export const PROVINCE_CSV = [
  'code,name,level,parent_code,points',
  'BP,Tỉnh Bình Phước,province,,Hội trường Tỉnh ủy',
  'BP-DX,Thành phố Đồng Xoài,district,BP,',
  'BP-DX-01,Phường Tân Phú,commune,BP-DX,Hội trường Phường Tân Phú',
  'BP-DX-02,Phường Tân Đồng,commune,BP-DX,Hội trường Phường Tân Đồng',
  'BP-BL,Thị xã Bình Long,district,BP,',
  'BP-BL-01,Phường An Lộc,commune,BP-BL,Hội trường Phường An Lộc',
].join('\n');

export const PROVINCE_POINT_COUNT = 6;

/** A hall as the admin hands it over: its id (the console's test ids use it) and the token of its join link. */
export interface Hall {
  pointId: string;
  name: string;
  linkToken: string;
}

export interface Province {
  /** Every hall by its name. */
  halls: ReadonlyMap<string, Hall>;
  hall(name: string): Hall;
}

/** Imports PROVINCE_CSV and issues every hall's join link, as an admin through the REST API. */
export async function prepareProvince(api: TestApi): Promise<Province> {
  const admin = await signedIn(api, 'admin');
  const imported = await api.request({
    method: 'POST',
    url: '/api/units/import',
    as: admin.token,
    headers: { 'content-type': 'text/csv' },
    payload: PROVINCE_CSV,
  });
  if (imported.statusCode !== 200) throw new Error(`import: ${imported.statusCode} ${imported.body}`);
  const issued = await api.request({ method: 'POST', url: '/api/points/credentials', as: admin.token });
  if (issued.statusCode !== 200) throw new Error(`credentials: ${issued.statusCode} ${issued.body}`);
  const halls = new Map(
    issued
      .json<IssuedCredentials>()
      .credentials.map((c) => [c.pointName, { pointId: c.pointId, name: c.pointName, linkToken: c.token }]),
  );
  return {
    halls,
    hall: (name) => {
      const hall = halls.get(name);
      if (!hall) throw new Error(`no hall named ${name}`);
      return hall;
    },
  };
}

export interface HostAccount {
  username: string;
  password: string;
  displayName: string;
}

/** A host account, as an admin creates one; the test signs in with it through the login form. */
export async function createHost(api: TestApi): Promise<HostAccount> {
  const host = { username: 'chutri.tinh', password: 'mat-khau-chu-tri-2030', displayName: 'Chủ trì Tỉnh' };
  await api.app.services.accounts.create({ ...host, role: 'host' });
  return host;
}
