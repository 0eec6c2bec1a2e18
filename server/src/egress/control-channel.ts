// The server's side of an egress job's control channel: EgressControl messages over Redis pub/sub.
import { type EgressControl, egressControlChannel } from '@diemcau/protocol';
import type { Redis } from 'ioredis';

/** Publishes to the job's channel; pub/sub keeps nothing, so a job not subscribed yet never hears it. */
export function sendControl(publisher: Redis, jobId: string, message: EgressControl): Promise<number> {
  return publisher.publish(egressControlChannel(jobId), JSON.stringify(message));
}
