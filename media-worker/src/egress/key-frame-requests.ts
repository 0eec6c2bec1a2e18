// Key-frame requests through job progress: the compositor's encoder asks
// the server for a key frame on its video slot (`keyFrame`, numbered).
import type { LiveProgress } from '@diemcau/protocol';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Asks the server for a key frame on the video slot, numbering the requests from 0
 * per attempt. Each is its own progress call: QueueEvents delivers every call as an
 * event, so a report a moment later does not hide it (only the job's stored progress is overwritten).
 */
export function keyFrameRequester(job: Job, log: Logger): () => void {
  let keyFrames = 0;
  return () => {
    const seq = keyFrames++;
    log.info({ seq }, 'key frame requested');
    const progress: LiveProgress = { phase: 'keyFrame', seq };
    job
      .updateProgress(progress)
      .catch((error: Error) => log.warn({ error: error.message, seq }, 'key frame request not reported'));
  };
}
