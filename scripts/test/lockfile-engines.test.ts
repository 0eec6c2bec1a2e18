// Every package the lockfile resolves runs on the oldest Node the project supports (engines.node).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(REPO, file), 'utf8'));

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
}

describe('package-lock.json', () => {
  const root = readJson('package.json') as { engines: { node: string } };
  const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };
  const oldest = semver.minVersion(root.engines.node)?.version ?? '';

  it('names the oldest supported Node as 20.19', () => {
    expect(oldest).toBe('20.19.0');
  });

  it('resolves no package whose engines.node leaves that Node out', () => {
    const refused = Object.entries(lock.packages).flatMap(([where, entry]) => {
      // An old-style array of engines says nothing usable about Node's version.
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (range === undefined || semver.satisfies(oldest, range, { includePrerelease: true })) return [];
      return [`${where || '.'}@${entry.version ?? '?'} wants node ${range}`];
    });
    expect(refused).toEqual([]);
  });
});
