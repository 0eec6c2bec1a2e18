// What a recording's outputs (the halls' tracks, the programme) need from the recording that runs them.
import type { EgressDeps } from '../egress/egress-deps.js';
import type { ErrorInfo } from './recording-outcome.js';

export interface RecorderDeps extends EgressDeps {
  /** Something the host sees changed. */
  onChange(): void;
  /** An output ended for a reason every output would meet (endingReason): the recording should stop. */
  onEnded(reason: ErrorInfo): void;
}
