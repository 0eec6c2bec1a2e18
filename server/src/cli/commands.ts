import { backup } from './backup.js';
import type { Command } from './command.js';
import { createAdmin } from './create-admin.js';
import { createConference } from './create-conference.js';
import { exportUnits } from './export-units.js';
import { importUnits } from './import-units.js';
import { issueCredentials } from './issue-credentials.js';
import { listPoints } from './list-points.js';
import { migrateToPostgres } from './migrate-to-postgres.js';
import { resetTwoFactor } from './reset-two-factor.js';
import { restore } from './restore.js';
import { rotateCredential } from './rotate-credential.js';

/** The dispatch table, in the order the help lists the commands. */
export const COMMANDS: readonly Command[] = [
  createAdmin,
  resetTwoFactor,
  importUnits,
  exportUnits,
  listPoints,
  issueCredentials,
  rotateCredential,
  createConference,
  backup,
  restore,
  migrateToPostgres,
];
