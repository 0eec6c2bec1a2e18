// @ts-check
// The set-up shared by `npm start` and `npm test`, in dependency order: the worker binary goes
// into npm ci's env, and which system packages are needed can depend on what npm installed.
import { ensureBuild } from './build.mjs';
import { checkNodeVersion } from './node-version.mjs';
import { ensureWorker, installWorkerIntoNodeModules } from './mediasoup-worker.mjs';
import { ensureDeps } from './npm-deps.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

/**
 * @param {string} root
 * @param {NodeJS.ProcessEnv} env
 * @param {() => string[]} systemPackages evaluated after npm ci
 */
export async function setup(root, env, systemPackages) {
  checkNodeVersion(root);
  const workerBin = await ensureWorker(root, env);
  await ensureDeps(root, workerBin, env);
  installWorkerIntoNodeModules(root, workerBin);
  await ensureSystemPackages(systemPackages());
  await ensureBuild(root);
}
