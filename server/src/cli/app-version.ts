// diemcau's version as its package.json gives it, for what the CLI writes down (backup manifests).
import fs from 'node:fs';

/** Read from the repository root: three levels up from both server/src/cli and server/dist/cli. */
export function appVersion(): string {
  const file = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
