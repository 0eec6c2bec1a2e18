// @ts-check
// Debian/Ubuntu packages the launcher and the test runner need, installed with apt-get when
// running as root, otherwise named in one copy-pasteable command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exec, which } from './exec.mjs';
import { SetupError, log } from './log.mjs';
import { postgresBinDir } from './postgres.mjs';

/**
 * chromium runs the browser tests; the DejaVu font draws the clock into their HLS fixture; nginx with
 * its RTMP module is the livestream tests' RTMP server (media-worker/test/helpers/nginx-rtmp.ts);
 * libnss3-tools' certutil puts the made root certificate into the HTTPS hall test's Chromium;
 * systemd's systemd-analyze checks the units in scripts/deploy/systemd/ offline.
 */
export const TEST_PACKAGES = [
  'ffmpeg',
  'redis-server',
  'postgresql',
  'chromium',
  'fonts-dejavu-core',
  'nginx',
  'libnginx-mod-rtmp',
  'libnss3-tools',
  'systemd',
];

/** The benchmarks run the server, the media-worker, nginx-rtmp and a browser viewer, without PostgreSQL or units. */
export const BENCH_PACKAGES = TEST_PACKAGES.filter((name) => name !== 'postgresql' && name !== 'systemd');

/**
 * What `npm start` needs from the system: a Redis unless REDIS_URL points at one, and ffmpeg
 * unless FFMPEG_PATH or ffmpeg-static (an optional dependency) provides it.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} root
 */
export function launcherPackages(env, root) {
  const ffmpegStatic = fs.existsSync(path.join(root, 'node_modules/ffmpeg-static/ffmpeg'));
  return [...(env.REDIS_URL ? [] : ['redis-server']), ...(env.FFMPEG_PATH || ffmpegStatic ? [] : ['ffmpeg'])];
}

/** Packages also count as present when what we use from them is, however it was installed. @type {Record<string, () => boolean>} */
const PROVIDES = {
  'redis-server': () => which('redis-server') !== null,
  ffmpeg: () => which('ffmpeg') !== null,
  postgresql: () => postgresBinDir() !== null,
  chromium: () => which('chromium') !== null,
  // The two files the RTMP test server uses (NGINX_PATH, RTMP_MODULE_PATH in its helper).
  nginx: () => fs.existsSync('/usr/sbin/nginx'),
  'libnginx-mod-rtmp': () => fs.existsSync('/usr/lib/nginx/modules/ngx_rtmp_module.so'),
  'libnss3-tools': () => which('certutil') !== null,
  systemd: () => which('systemd-analyze') !== null,
};

/**
 * Debian's postinst starts and enables the system nginx on port 80; the tests only run their own,
 * so a fresh install is stopped and disabled. `service` and `update-rc.d` work with systemd and SysV.
 * @type {Record<string, [string, string[]][]>}
 */
const AFTER_INSTALL = {
  nginx: [
    ['service', ['nginx', 'stop']],
    ['update-rc.d', ['nginx', 'disable']],
  ],
};

/** @param {string[]} installed */
async function afterInstall(installed) {
  for (const [cmd, args] of installed.flatMap((pkg) => AFTER_INSTALL[pkg] ?? [])) {
    const { status, output } = await exec(cmd, args, { quiet: true }).catch((err) => ({
      status: -1,
      output: String(err),
    }));
    if (status !== 0) log(`warning: ${cmd} ${args.join(' ')} failed (${status}): ${output.trim()}`);
  }
}

/** @param {string} pkg */
function dpkgInstalled(pkg) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

/** @param {string} pkg */
export function isPresent(pkg) {
  return PROVIDES[pkg]?.() || dpkgInstalled(pkg);
}

/** @param {string[]} pkgs */
export function aptInstallArgs(pkgs) {
  return ['install', '-y', '--no-install-recommends', ...pkgs];
}

let aptUpdated = false;

/** @param {string[]} args */
async function aptGet(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const { status, output } = await exec('apt-get', ['-qq', ...args], { env, quiet: true });
  if (status !== 0) {
    process.stderr.write(output);
    throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${status})`);
  }
}

/**
 * @param {string[]} pkgs
 * @param {{ present?: (pkg: string) => boolean, root?: boolean, apt?: boolean }} [host] defaults probe this machine
 */
export async function ensureSystemPackages(
  pkgs,
  { present = isPresent, root = process.getuid?.() === 0, apt = which('apt-get') !== null } = {},
) {
  const missing = pkgs.filter((pkg) => !present(pkg));
  if (missing.length === 0) {
    log(`system packages: up to date (${pkgs.join(', ') || 'none needed'})`);
    return;
  }
  if (!root || !apt) {
    throw new SetupError(
      `missing system packages (${missing.join(', ')}); install them with: sudo apt-get ${aptInstallArgs(missing).join(' ')}`,
    );
  }
  log(`system packages: installing ${missing.join(' ')} with apt-get`);
  if (!aptUpdated) {
    await aptGet(['update']);
    aptUpdated = true;
  }
  await aptGet(aptInstallArgs(missing));
  await afterInstall(missing);
  const still = missing.filter((pkg) => !present(pkg));
  if (still.length > 0) {
    throw new SetupError(`apt-get installed ${still.join(', ')} but it is still not usable`);
  }
}
