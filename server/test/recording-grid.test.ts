import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Recording } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../media-worker/test/egress/ffmpeg-processes.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';

/*
 * A grid recording through the whole chain: REST start with `layout: grid` →
 * the programme job's video slots, each fed by a hall's camera (real
 * mediasoup, libwebrtc senders asked for key frames) → the media-worker's
 * compositor → one H.264 + AAC file whose frames show a cell per hall, and
 * fewer once a hall has dropped out.
 */

const POINTS = ['G-C1', 'G-C2', 'G-C3'];
const WIDTH = 1280;

describe('recording a conference in the grid layout (sqlite, real mediasoup, media-worker and ffmpeg)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let worker: TestMediaWorker;
  let fixture: LiveConference;
  const members: RoomMember[] = [];

  beforeAll(async () => {
    data = await tempDataDir();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir });
    worker = await startTestMediaWorker(api.app, data.dir);
    fixture = await startLiveConference(api, twoTier('G'), POINTS);
    const enter = (auth: Record<string, unknown>, name: string) =>
      enterRoom(members, fixture.url, auth, name);
    await enter({ session: fixture.host.token, conferenceId: fixture.conference.id }, 'host');
    for (const [i, code] of POINTS.entries()) {
      const point = await enter({ token: fixture.pointToken(code) }, `P${i}`);
      await point.peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
      await point.peer.produceAudio();
    }
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    await api?.close();
    await worker?.close();
    await data?.remove();
  });

  /** The mean brightness (0–255) of the 40x40 square centred on (x, y) of an RGB frame. */
  const brightness = (frame: Buffer, x: number, y: number): number => {
    let sum = 0;
    for (let row = y - 20; row < y + 20; row++)
      for (let column = x - 20; column < x + 20; column++)
        for (let c = 0; c < 3; c++) sum += frame[(row * WIDTH + column) * 3 + c]!;
    return sum / (1600 * 3);
  };

  const frameAt = async (file: string, seek: string[]): Promise<Buffer> => {
    const out = path.join(data.dir, 'frame.rgb');
    await run(worker.tools.ffmpeg, [
      ...['-v', 'error', ...seek, '-i', file, '-frames:v', '1'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', out],
    ]);
    return readFile(out);
  };

  it('records a cell per hall camera, follows a hall dropping out, into one 1280x720 H.264 + AAC file', async () => {
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${fixture.conference.id}/recordings`,
      as: fixture.host.token,
      payload: { layout: 'grid' },
    });
    expect(started.statusCode).toBe(201);
    const recording = started.json<Recording>();
    expect(recording.layout).toBe('grid');
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 8_000));

    // The third hall's connection drops: its camera stops sending (mediasoup scores it 0 within
    // about 1.5 s), and the grid goes on with two cells.
    const leaving = members.at(-1)!;
    await leaving.peer.close();
    leaving.port.close();
    await new Promise((resolve) => setTimeout(resolve, 8_000));

    const stopped = await api.request({
      method: 'POST',
      url: `/api/recordings/${recording.id}/stop`,
      as: fixture.host.token,
    });
    expect(stopped.statusCode).toBe(200);
    const recordedMs = Date.now() - startedAt;
    const ready = await waitFor(
      'the recording ready',
      async () => {
        const r = (
          await api.request({ url: `/api/recordings/${recording.id}`, as: fixture.host.token })
        ).json<Recording>();
        return r.status === 'ready' ? r : undefined;
      },
      60_000,
    );
    const programme = ready.files.find((f) => f.output === 'programme')!;
    expect(programme).toMatchObject({ pointId: null, codecs: ['h264', 'aac'] });
    const file = path.join(data.dir, 'recordings', ready.id, 'programme', programme.fileName);
    const probed = await run(worker.tools.ffprobe, [
      ...['-v', 'error', '-of', 'json', '-show_entries'],
      ...['format=duration:stream=codec_name,width,height', file],
    ]);
    const info = JSON.parse(probed.stdout) as { format: { duration: string }; streams: unknown[] };
    expect(info.streams).toEqual([{ codec_name: 'h264', width: 1280, height: 720 }, { codec_name: 'aac' }]);
    // Encoded: it starts once the encoder has every cell's key frame, and loses a moment at the change.
    const seconds = Number(info.format.duration);
    console.log(`grid recorded ${recordedMs} ms: programme file of ${seconds} s`);
    expect(Math.abs(seconds - recordedMs / 1000)).toBeLessThanOrEqual(3);

    // Three halls: two cells above, one centred below, black either side of it. The halls'
    // pictures are dark grey (luma 32: about 18 in RGB) with a bright bar and noise; the
    // grid's background is black (0).
    const three = await frameAt(file, ['-ss', '4']);
    const threeCells = [
      brightness(three, 320, 180),
      brightness(three, 960, 180),
      brightness(three, 640, 540),
    ];
    const threeSides = [brightness(three, 100, 540), brightness(three, 1180, 540)];
    // Two halls: side by side, each letterboxed (black above and below).
    const two = await frameAt(file, ['-sseof', '-2']);
    const twoCells = [brightness(two, 320, 360), brightness(two, 960, 360)];
    const twoBands = [brightness(two, 320, 80), brightness(two, 960, 640)];
    console.log(`brightness: ${JSON.stringify({ threeCells, threeSides, twoCells, twoBands })}`);
    for (const cell of [...threeCells, ...twoCells]) expect(cell).toBeGreaterThan(12);
    for (const black of [...threeSides, ...twoBands]) expect(black).toBeLessThan(4);
  }, 120_000);
});
