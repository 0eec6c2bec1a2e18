// The systemd units in scripts/deploy/ as systemd itself reads them (systemd-analyze, offline),
// and install.sh staging them into a root file system.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { which } from '../lib/exec.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPLOY = path.join(ROOT, 'scripts/deploy');
const UNIT_DIR = path.join(DEPLOY, 'systemd');
const SERVICES = ['diemcau-server.service', 'diemcau-media-worker.service'];
const INSTALLED = [...SERVICES, 'diemcau.target'];
const ALL = [...INSTALLED, 'diemcau-media-node@.service'];

/** systemd-analyze, or a failure saying how to get it: the test package list has it (`systemd`). */
function analyze(args: string[]): { status: number | null; output: string } {
  const bin = which('systemd-analyze');
  if (bin === null) {
    throw new Error(
      'systemd-analyze not found: install the systemd package (sudo apt-get install systemd); npm test installs it',
    );
  }
  // From a folder of no units, so nothing beside the files given is read by accident.
  const res = spawnSync(bin, args, { cwd: os.tmpdir(), encoding: 'utf8' });
  return { status: res.status, output: `${res.stdout}${res.stderr}`.trim() };
}

function install(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync('bash', [path.join(DEPLOY, 'install.sh'), ...args], { encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `Key=value` lines of a unit file, comments left out. */
function settings(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line));
}

describe('systemd units', () => {
  it('verify with no warning: every key known, every value parsed, every command found', () => {
    expect(analyze(['verify', ...ALL.map((unit) => path.join(UNIT_DIR, unit))])).toEqual({
      status: 0,
      output: '',
    });
  });

  it('kill every child, restart on failure within limits, and run hardened as diemcau', () => {
    for (const unit of [...SERVICES, 'diemcau-media-node@.service']) {
      const lines = settings(path.join(UNIT_DIR, unit));
      expect(lines, unit).toEqual(
        expect.arrayContaining([
          'KillMode=mixed',
          'Restart=on-failure',
          'StartLimitBurst=5',
          'User=diemcau',
          'ProtectSystem=strict',
          'ReadWritePaths=/var/lib/diemcau',
          'NoNewPrivileges=yes',
          'PrivateTmp=yes',
          'ProtectHome=yes',
          'CapabilityBoundingSet=',
          'LockPersonality=yes',
        ]),
      );
      expect(lines.filter((line) => line.startsWith('EnvironmentFile=')).at(0), unit).toMatch(
        /^EnvironmentFile=\/etc\/diemcau\//,
      );
      // V8's JIT needs writable and executable pages.
      expect(
        lines.some((line) => line.startsWith('MemoryDenyWriteExecute=')),
        unit,
      ).toBe(false);
    }
  });

  it('are rated at most 2.0 by systemd-analyze security (0 is the most locked down, 10 the least)', () => {
    for (const unit of SERVICES) {
      const file = path.join(UNIT_DIR, unit);
      const { status, output } = analyze(['security', '--offline=true', '--threshold=20', file]);
      expect(status, output.split('\n').at(-1)).toBe(0);
    }
  });
});

describe('install.sh', () => {
  it('prints its usage with --help and refuses an unknown option with exit 2', () => {
    const help = install(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scripts\/deploy\/install\.sh \[options\]/);
    for (const option of ['--prefix', '--in-place', '--data-dir', '--node', '--no-start', '--root']) {
      expect(help.stdout).toContain(option);
    }
    expect(install(['--bogus'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'install.sh: unknown option --bogus (see --help)\n',
    });
    expect(install(['--data-dir', 'relative']).stderr).toMatch(/--data-dir must be an absolute path/);
    expect(install(['--in-place', '--data-dir', '/home/ops/diemcau'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/under \/home, \/root or \/run\/user/),
    });
  });

  it('stages the units, the environment file and the enablement links into --root', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'diemcau-install-'));
    try {
      const run = install(['--root', root, '--in-place', '--data-dir', '/srv/diemcau']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);

      const units = path.join(root, 'etc/systemd/system');
      const server = fs.readFileSync(path.join(units, 'diemcau-server.service'), 'utf8');
      const node = fs.realpathSync(which('node') ?? process.execPath);
      expect(server).toContain(`\nExecStart=${node} ${path.join(ROOT, 'server/dist/main.js')}\n`);
      expect(server).toContain(`\nWorkingDirectory=${ROOT.replace(/\/$/, '')}\n`);
      expect(server).toContain('\nReadWritePaths=/srv/diemcau\n');
      expect(server).not.toContain('StateDirectory');
      expect(server).not.toContain('/opt/diemcau');
      expect(
        analyze(['verify', ...INSTALLED.map((unit) => path.join(units, unit))]),
        'the installed units',
      ).toEqual({ status: 0, output: '' });

      const env = path.join(root, 'etc/diemcau/diemcau.env');
      expect(fs.statSync(env).mode & 0o777).toBe(0o640);
      expect(fs.readFileSync(env, 'utf8')).toMatch(/^DATA_DIR=\/srv\/diemcau$/m);
      expect(fs.statSync(path.join(root, 'srv/diemcau')).isDirectory()).toBe(true);
      for (const link of [
        'multi-user.target.wants/diemcau.target',
        'diemcau.target.wants/diemcau-server.service',
        'diemcau.target.wants/diemcau-media-worker.service',
      ]) {
        expect(fs.readlinkSync(path.join(units, link)), link).toMatch(/^\/etc\/systemd\/system\/diemcau/);
      }

      // Run again (an update): the operator's environment file is kept.
      fs.appendFileSync(env, 'PUBLIC_URL=https://diemcau.example\n');
      const again = install(['--root', root, '--in-place', '--data-dir', '/srv/diemcau']);
      expect(again.status).toBe(0);
      expect(again.stdout).toContain(`keeping ${env}`);
      expect(fs.readFileSync(env, 'utf8')).toContain('PUBLIC_URL=https://diemcau.example\n');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
