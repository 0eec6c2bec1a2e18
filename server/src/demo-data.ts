import type { FastifyBaseLogger } from 'fastify';
import { ensureDemoHost } from './accounts/demo-host.js';
import type { ApiServices } from './http/api-services.js';
import { loadDemoProvince } from './units/demo-province.js';

/**
 * Fills an empty database with the demo province and a demo host whose random
 * password is printed once, on the terminal rather than into the JSON log.
 */
export async function loadDemoData(services: ApiServices, log: FastifyBaseLogger): Promise<void> {
  try {
    const province = await loadDemoProvince(services.units);
    if (province) log.info(province, 'demo province loaded');
    const host = await ensureDemoHost(services.accounts);
    if (host) {
      process.stderr.write(
        `\n  Demo host account created. Sign in as "${host.username}" with password: ${host.password}\n` +
          `  (shown only this once; change it after signing in)\n\n`,
      );
    }
  } catch (error) {
    log.error({ err: error }, 'cannot load the demo data');
  }
}
