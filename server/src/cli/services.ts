import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import type { ApiServices } from '../http/api-services.js';
import { createServices } from '../services.js';

/** Opens and migrates the configured database (a fresh install may run the CLI before the server). */
export async function openServices(
  config: Config,
): Promise<{ services: ApiServices; close(): Promise<void> }> {
  const db = openDatabase(config.database);
  try {
    await migrate(db, config.database.kind);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { services: createServices(db, config), close: () => db.destroy() };
}
