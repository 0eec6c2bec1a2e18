import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFingerprint, buildInputs, tscOutputsLost, webClientBuildable } from '../lib/build.mjs';
import { depsFingerprint } from '../lib/npm-deps.mjs';
import { fingerprint, readStamp, stampMatches, writeStamp } from '../lib/stamp.mjs';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A miniature repo with the files the stamps look at. */
function fixtureRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-stamp-test-'));
  temps.push(root);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ workspaces: ['protocol', 'server', 'web-client'] }),
    'package-lock.json': '{"lockfileVersion":3}',
    'tsconfig.json': '{}',
    'tsconfig.base.json': '{}',
    'protocol/package.json': '{}',
    'protocol/tsconfig.json': '{}',
    'protocol/src/index.ts': 'export {};',
    'protocol/dist/index.js': '',
    'protocol/tsconfig.tsbuildinfo': '{}',
    'server/package.json': '{}',
    'server/src/main.ts': 'export {};',
    'server/src/rooms/room.ts': 'export {};',
    'web-client/package.json': JSON.stringify({ scripts: { build: 'vite build' } }),
    'web-client/src/main.ts': '',
    'web-client/dist/index.html': '',
    'web-client/node_modules/vite/index.js': '',
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('stamp files', () => {
  it('match only the fingerprint they were written with', () => {
    const file = path.join(fixtureRepo(), '.diemcau/stamp.json');
    expect(readStamp(file)).toBeNull();
    expect(stampMatches(file, 'abc')).toBe(false);
    writeStamp(file, { fingerprint: 'abc' });
    expect(stampMatches(file, 'abc')).toBe(true);
    expect(stampMatches(file, 'abd')).toBe(false);
    fs.writeFileSync(file, 'not json');
    expect(stampMatches(file, 'abc')).toBe(false);
  });

  it('fingerprints keep part boundaries', () => {
    expect(fingerprint(['ab', 'c'])).not.toBe(fingerprint(['a', 'bc']));
    expect(fingerprint(['ab', 'c'])).toBe(fingerprint(['ab', Buffer.from('c')]));
  });
});

describe('build inputs', () => {
  it('are sources, configs and manifests, not outputs or installed packages', () => {
    expect(buildInputs(fixtureRepo())).toEqual([
      'package-lock.json',
      'package.json',
      'protocol/package.json',
      'protocol/src/index.ts',
      'protocol/tsconfig.json',
      'server/package.json',
      'server/src/main.ts',
      'server/src/rooms/room.ts',
      'tsconfig.base.json',
      'tsconfig.json',
      'web-client/package.json',
      'web-client/src/main.ts',
    ]);
  });

  it('change when a source is edited, not when an output is', () => {
    const root = fixtureRepo();
    const before = buildFingerprint(root);
    fs.writeFileSync(path.join(root, 'web-client/dist/index.html'), '<html>');
    fs.writeFileSync(path.join(root, 'protocol/tsconfig.tsbuildinfo'), '{"changed":1}');
    expect(buildFingerprint(root)).toBe(before);
    fs.appendFileSync(path.join(root, 'server/src/rooms/room.ts'), '\n');
    expect(buildFingerprint(root)).not.toBe(before);
  });

  it('notice a dist/ deleted behind tsc -b’s back', () => {
    const root = fixtureRepo();
    expect(tscOutputsLost(root)).toBe(false);
    fs.rmSync(path.join(root, 'protocol/dist'), { recursive: true });
    expect(tscOutputsLost(root)).toBe(true);
  });

  it('include the web client only once it has a Vite entry', () => {
    const root = fixtureRepo();
    expect(webClientBuildable(root)).toBe(false);
    fs.writeFileSync(path.join(root, 'web-client/index.html'), '<html>');
    expect(webClientBuildable(root)).toBe(true);
    fs.writeFileSync(path.join(root, 'web-client/package.json'), '{"scripts":{}}');
    expect(webClientBuildable(root)).toBe(false);
  });
});

describe('deps fingerprint', () => {
  it('changes with the lockfile, any workspace manifest, or the worker path', () => {
    const root = fixtureRepo();
    const before = depsFingerprint(root, '/cache/a/mediasoup-worker');
    expect(depsFingerprint(root, '/cache/a/mediasoup-worker')).toBe(before);
    expect(depsFingerprint(root, '/cache/b/mediasoup-worker')).not.toBe(before);
    fs.writeFileSync(path.join(root, 'server/package.json'), '{"dependencies":{"pg":"^8"}}');
    const afterManifest = depsFingerprint(root, '/cache/a/mediasoup-worker');
    expect(afterManifest).not.toBe(before);
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"x":1}');
    expect(depsFingerprint(root, '/cache/a/mediasoup-worker')).not.toBe(afterManifest);
  });
});
