// The job's control channel: a Redis subscription of its own, each
// message validated as EgressControl, `stop` resolving `stopped`.
import { EgressControl, egressControlChannel, validator } from '@diemcau/protocol';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const checkControl = validator(EgressControl);

export interface ControlSubscription {
  /** Resolves when the server asks the job to stop. */
  readonly stopped: Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on the job's control channel with a connection of its own (a
 * subscribed connection can do nothing else). Resolves once subscribed, so no
 * message sent after `listening` is reported can be missed. `stop` resolves
 * `stopped`; every valid message, `stop` included, goes to `onMessage` in order.
 */
export async function subscribeControl(
  redis: Redis,
  jobId: string,
  log: Logger,
  onMessage: (message: EgressControl) => void = () => undefined,
): Promise<ControlSubscription> {
  const channel = egressControlChannel(jobId);
  const subscriber = redis.duplicate();
  // Errors are the shared connection's to report; an unhandled one would crash the process.
  subscriber.on('error', () => undefined);
  let onStop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (onStop = resolve));
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = text;
    }
    const checked = checkControl(message);
    if (!checked.ok) {
      // Not the text itself: a `destinations` message carries stream keys.
      const issues = checked.issues.map((issue) => `${issue.path} ${issue.message}`);
      log.warn({ jobId, issues }, 'ignored an invalid egress control message');
      return;
    }
    if (checked.value.type === 'stop') onStop();
    onMessage(checked.value);
  });
  await subscriber.subscribe(channel);
  return {
    stopped,
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
