// A network namespace of the test's own for a hall's browser: a veth pair to this namespace, removed after.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_PATH } from './browser.js';

const run = promisify(execFile);

/** A hall on "another machine": its own namespace, reaching the server at `serverAddress`. */
export interface HallNamespace {
  name: string;
  /** This namespace's end of the veth: where the server listens and what mediasoup announces. */
  serverAddress: string;
  hallAddress: string;
  /** Runs /usr/bin/chromium inside the namespace, for playwright's executablePath. */
  chromium: string;
  remove(): Promise<void>;
}

/** Making namespaces needs root and iproute2, as CI has. */
export function canMakeNamespaces(): boolean {
  return (
    process.getuid?.() === 0 && ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((f) => fs.existsSync(f))
  );
}

const ip = (...args: string[]) => run('ip', args);

export async function makeHallNamespace(): Promise<HallNamespace> {
  const id = crypto.randomBytes(3).toString('hex');
  const name = `diemcau-hall-${id}`;
  // Interface names have 15 characters at most.
  const [serverSide, hallSide] = [`dcs${id}`, `dch${id}`];
  // One of the 16384 /30s in 10.254/16 for each run, so runs side by side do not meet.
  const prefix = `10.254.${crypto.randomInt(0, 256)}`;
  const base = crypto.randomInt(0, 64) * 4;
  const [server, hall] = [`${prefix}.${base + 1}`, `${prefix}.${base + 2}`];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-hall-ns-'));
  const remove = async () => {
    // Deleting the namespace deletes its end of the pair, and with it ours.
    await ip('netns', 'del', name).catch(() => undefined);
    await ip('link', 'del', serverSide).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ip('netns', 'add', name);
    await ip('link', 'add', serverSide, 'type', 'veth', 'peer', 'name', hallSide);
    await ip('link', 'set', hallSide, 'netns', name);
    await ip('addr', 'add', `${server}/30`, 'dev', serverSide);
    await ip('link', 'set', serverSide, 'up');
    await ip('netns', 'exec', name, 'ip', 'addr', 'add', `${hall}/30`, 'dev', hallSide);
    await ip('netns', 'exec', name, 'ip', 'link', 'set', hallSide, 'up');
    await ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    await remove();
    throw error;
  }
  const chromium = path.join(dir, 'chromium-in-namespace');
  fs.writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${name} ${CHROMIUM_PATH} "$@"\n`, {
    mode: 0o755,
  });
  return { name, serverAddress: server, hallAddress: hall, chromium, remove };
}
