import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_CLIENT_DIR = path.join(REPO_ROOT, 'web-client');
export const WEB_CLIENT_DIST = path.join(WEB_CLIENT_DIR, 'dist');
/** Git-ignored; CI can keep it as an artifact. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/e2e');
