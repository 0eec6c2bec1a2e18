import { createSocket, type Socket } from 'node:dgram';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freeUdpPortPair } from '../egress/udp-ports.js';
import { VideoForwarder } from './video-forwarder.js';

const PT = 101;
const sockets: Socket[] = [];
const forwarders: VideoForwarder[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const forwarder of forwarders.splice(0)) await forwarder.close();
});

/** A UDP socket on `port` (0: any) collecting what it receives. */
async function socket(port = 0): Promise<{ socket: Socket; port: number; received: Buffer[] }> {
  const created = createSocket('udp4');
  sockets.push(created);
  const received: Buffer[] = [];
  created.on('message', (packet) => received.push(packet));
  await new Promise<void>((resolve) => created.bind(port, '127.0.0.1', resolve));
  return { socket: created, port: created.address().port, received };
}

/** A VP8 RTP packet as ffmpeg and browsers send it: descriptor with a 7-bit PictureID, then the VP8 header. */
function vp8(sequence: number, ssrc: number, frame: 'key' | 'inter' | 'continuation'): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = PT;
  header.writeUInt16BE(sequence, 2);
  header.writeUInt32BE(ssrc, 8);
  const payload =
    frame === 'continuation' ? [0x80, 0x80, 1, 0xaa] : [0x90, 0x80, 1, frame === 'key' ? 0x10 : 0x11, 0xaa];
  return Buffer.concat([header, Buffer.from(payload)]);
}

const sequences = (packets: Buffer[]) => packets.map((packet) => packet.readUInt16BE(2));
const plis = (packets: Buffer[]) =>
  packets
    .filter((p) => p.readUInt8(1) === 206 && (p.readUInt8(0) & 0x1f) === 1)
    .map((p) => p.readUInt32BE(8));

async function setUp() {
  const port = await freeUdpPortPair();
  const flowing: boolean[] = [];
  const forwarder = new VideoForwarder({
    port,
    payloadType: PT,
    log: pino({ level: 'silent' }),
    onFlowing: (value) => flowing.push(value),
  });
  forwarders.push(forwarder);
  await forwarder.listen();
  // mediasoup: RTP from one port, RTCP (and the PLIs it receives) on another.
  const [rtp, rtcp, encoder] = [await socket(), await socket(), await socket()];
  const send = (packet: Buffer) => rtp.socket.send(packet, port, '127.0.0.1');
  const senderReport = Buffer.from([0x80, 200, 0, 6, ...Array.from({ length: 24 }, () => 0)]);
  rtcp.socket.send(senderReport, port + 1, '127.0.0.1');
  return { forwarder, flowing, send, rtcp, encoder };
}

describe('VideoForwarder (real UDP)', () => {
  it('forwards from the next key frame, asking for one with PLI, behind a copy ffmpeg drops', async () => {
    const { forwarder, flowing, send, rtcp, encoder } = await setUp();
    send(vp8(10, 0xabc, 'key'));
    await expect.poll(() => forwarder.isFlowing()).toBe(true);
    expect(flowing).toEqual([true]);
    expect(encoder.received).toEqual([]);

    forwarder.forwardTo(encoder.port);
    await expect.poll(() => plis(rtcp.received)[0]).toBe(0xabc);
    send(vp8(11, 0xabc, 'inter'));
    send(vp8(12, 0xabc, 'key'));
    send(vp8(13, 0xabc, 'continuation'));
    send(vp8(14, 0xabc, 'inter'));
    await expect.poll(() => sequences(encoder.received)).toEqual([11, 12, 13, 14]);
    // The first is the key frame's own packet renumbered: ffmpeg's probation drops it in its place.
    expect(encoder.received[0]?.subarray(4)).toEqual(vp8(12, 0xabc, 'key').subarray(4));
  });

  it('waits for a key frame again when the source changes, and after a new encoder starts', async () => {
    const { forwarder, send, rtcp, encoder } = await setUp();
    forwarder.forwardTo(encoder.port);
    send(vp8(100, 0x111, 'key'));
    send(vp8(101, 0x111, 'inter'));
    await expect.poll(() => sequences(encoder.received)).toEqual([99, 100, 101]);

    // The server swapped the consumer: another SSRC, frames referencing pictures never seen.
    send(vp8(5000, 0x222, 'inter'));
    await expect.poll(() => plis(rtcp.received)).toContain(0x222);
    send(vp8(5001, 0x222, 'key'));
    await expect.poll(() => sequences(encoder.received)).toEqual([99, 100, 101, 5000, 5001]);

    forwarder.forwardTo(encoder.port);
    send(vp8(5002, 0x222, 'inter'));
    send(vp8(5003, 0x222, 'key'));
    await expect.poll(() => sequences(encoder.received).slice(5)).toEqual([5002, 5003]);
    expect(encoder.received[5]?.subarray(4)).toEqual(vp8(5003, 0x222, 'key').subarray(4));
  });

  it('drops everything without an encoder, and ignores other payload types', async () => {
    const { forwarder, send, rtcp, encoder } = await setUp();
    send(vp8(1, 0x333, 'key'));
    await expect.poll(() => forwarder.isFlowing()).toBe(true);
    forwarder.forwardTo(encoder.port);
    forwarder.forwardTo(null);
    // The PLI forwardTo sent (if the RTCP address was known by then) is in by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const asked = plis(rtcp.received).length;
    const other = vp8(2, 0x333, 'key');
    other[1] = 96;
    send(other);
    send(vp8(3, 0x333, 'key'));
    // Past two rounds of key frame requests: none without an encoder.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(encoder.received).toEqual([]);
    expect(plis(rtcp.received)).toHaveLength(asked);
  });

  it('reports the source gone after two seconds without packets', async () => {
    const { forwarder, flowing, send } = await setUp();
    send(vp8(1, 0x444, 'inter'));
    await expect.poll(() => flowing).toEqual([true]);
    await expect.poll(() => flowing, { timeout: 5_000, interval: 100 }).toEqual([true, false]);
    expect(forwarder.isFlowing()).toBe(false);
  });
});
