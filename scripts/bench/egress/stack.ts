import type { VideoOptions } from '../../../server/test/helpers/node-peer.js';
import { startStack, type Stack } from '../server-stack.js';
import { joinNodeHalls, type Member } from './halls.js';

/*
 * The egress chain as deployed: the built server and the built media-worker,
 * each a process of its own (so /proc tells their CPU apart), the conference
 * with its public watch page, and the host and halls joined as NodePeers.
 */

/** The conference's public watch page: /watch/<slug>, its HLS under /hls/<slug>/. */
export const WATCH_SLUG = 'do-truc-tiep';
/** Both processes use BullMQ's default prefix in this Redis database, emptied before and after. */
const REDIS_DB = 12;

export interface RestResponse {
  status: number;
  body: unknown;
}

export interface Egress {
  stack: Stack;
  mediaWorkerPid: number;
  host: Member;
  halls: Member[];
  /** A REST call as the host (JSON in and out). */
  rest(method: string, url: string, body?: unknown): Promise<RestResponse>;
  /** What the peers could not handle. */
  peerErrors(): Error[];
  close(): Promise<void>;
}

export async function startEgress(halls: number, camera: Partial<VideoOptions>): Promise<Egress> {
  const stack = await startStack({
    halls,
    workers: 1,
    mediaWorker: true,
    watchSlug: WATCH_SLUG,
    redisDb: REDIS_DB,
  });
  let peers: Awaited<ReturnType<typeof joinNodeHalls>> | undefined;
  const close = async () => {
    await peers?.close();
    await stack.close();
  };
  try {
    peers = await joinNodeHalls(stack, camera);
    const { host, halls: members, errors } = peers;
    return {
      stack,
      mediaWorkerPid: stack.mediaWorker!.child.pid!,
      host,
      halls: members,
      rest: async (method, url, body) => {
        const res = await fetch(`${stack.base}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${stack.hostToken}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
      },
      peerErrors: errors,
      close,
    };
  } catch (error) {
    console.error(stack.logs());
    await close();
    throw error;
  }
}
