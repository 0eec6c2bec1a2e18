import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests import workspace packages through their dist/ and spawn built entry
// points, so compile first; tsc -b is incremental and a no-op when nothing changed.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
}
