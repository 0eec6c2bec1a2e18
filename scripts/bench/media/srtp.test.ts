import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MediaBenchError } from './errors.js';
import { aesCmKeystream, deriveSessionKey, newMasterKey, SrtpSession } from './srtp.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const keyBase64 = (key: string, salt: string): string =>
  Buffer.concat([hex(key), hex(salt)]).toString('base64');

/** A clear RTP v2 packet: 12-byte header and `payload`. */
function rtp(seq: number, ssrc: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 96;
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(123_456, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

describe('AES-CM and key derivation (RFC 3711 Appendix B)', () => {
  it('B.2: the keystream from the shifted session salt', () => {
    const key = hex('2B7E151628AED2A6ABF7158809CF4F3C');
    const iv = hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000');
    const stream = aesCmKeystream(key, iv, 0xff02 * 16);
    expect(stream.subarray(0, 48)).toEqual(
      hex(
        'E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0',
      ),
    );
    expect(stream.subarray(0xfeff * 16)).toEqual(
      hex(
        'EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44',
      ),
    );
  });

  it('B.3: cipher key, cipher salt and auth key from the master key and salt', () => {
    const key = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
    const salt = hex('0EC675AD498AFEEBB6960B3AABE6');
    expect(deriveSessionKey(key, salt, 0, 16)).toEqual(hex('C61E7A93744F39EE10734AFE3FF7A087'));
    expect(deriveSessionKey(key, salt, 2, 14)).toEqual(hex('30CBBC08863D8C85D49DB34A9AE1'));
    expect(deriveSessionKey(key, salt, 1, 94)).toEqual(
      hex(`CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098
           6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2`),
    );
  });
});

describe('SrtpSession.protectRtp', () => {
  // pion/srtp's vectors: this key, SSRC 0, payload 00..05; its packets' ciphertext does not depend on the header.
  const key = '0DCD213E4CBCF28F017F6994401E2889';
  const salt = '62776038C06DC9419F6DD9433E7C';
  const payload = hex('000102030405');

  it('encrypts the payload with the keystream for (SSRC, ROC, SEQ) and keeps the header clear', () => {
    const cases: [number, string][] = [
      [5000, '6dd37ed599b7'],
      [5001, 'da470b2a7453'],
      [65535, 'aff7c2703720'],
    ];
    for (const [seq, ciphertext] of cases) {
      const clear = rtp(seq, 0, payload);
      const out = new SrtpSession(keyBase64(key, salt)).protectRtp(clear);
      expect(out.length).toBe(clear.length + 10);
      expect(out.subarray(0, 12)).toEqual(clear.subarray(0, 12));
      expect(out.subarray(12, 18).toString('hex')).toBe(ciphertext);
    }
  });

  it('tags packet || ROC with HMAC-SHA1 under the derived auth key, truncated to 80 bits', () => {
    const master = hex(key);
    const authKey = deriveSessionKey(master, hex(salt), 1, 20);
    const session = new SrtpSession(keyBase64(key, salt));
    const tagOf = (out: Buffer, roc: number): Buffer => {
      const rocBytes = Buffer.alloc(4);
      rocBytes.writeUInt32BE(roc);
      return createHmac('sha1', authKey)
        .update(out.subarray(0, out.length - 10))
        .update(rocBytes)
        .digest()
        .subarray(0, 10);
    };
    const first = session.protectRtp(rtp(65534, 0xdecafbad, payload));
    expect(first.subarray(-10)).toEqual(tagOf(first, 0));
    session.protectRtp(rtp(65535, 0xdecafbad, payload));
    // Sequence 0 after 65535: the rollover counter is now 1, in the tag and in the IV.
    const wrapped = session.protectRtp(rtp(0, 0xdecafbad, payload));
    expect(wrapped.subarray(-10)).toEqual(tagOf(wrapped, 1));
    const sameSeqRoc0 = new SrtpSession(keyBase64(key, salt)).protectRtp(rtp(0, 0xdecafbad, payload));
    expect(wrapped.subarray(12, 18)).not.toEqual(sameSeqRoc0.subarray(12, 18));
  });

  it('keeps a rollover counter per SSRC', () => {
    const session = new SrtpSession(keyBase64(key, salt));
    session.protectRtp(rtp(65535, 1, payload));
    session.protectRtp(rtp(0, 1, payload)); // SSRC 1 rolls over
    const other = session.protectRtp(rtp(5000, 0, payload));
    expect(other.subarray(12, 18).toString('hex')).toBe('6dd37ed599b7');
  });

  it('rejects a master key that is not 30 bytes, and a packet that is not RTP', () => {
    const error = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (err) {
        return err;
      }
      return undefined;
    };
    expect(error(() => new SrtpSession(Buffer.alloc(16).toString('base64')))).toMatchObject({
      code: 'BAD_SRTP_KEY',
    });
    const session = new SrtpSession(newMasterKey());
    expect(error(() => session.protectRtp(Buffer.alloc(8)))).toBeInstanceOf(MediaBenchError);
    expect(error(() => session.protectRtcp(Buffer.alloc(4)))).toMatchObject({ code: 'BAD_RTP_PACKET' });
  });

  it('measures the cost of one 1200-byte packet', () => {
    const session = new SrtpSession(newMasterKey());
    const packet = rtp(0, 0x1234, Buffer.alloc(1188, 7));
    const count = 20_000;
    for (let i = 0; i < 2000; i++) session.protectRtp(packet);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      packet.writeUInt16BE(i & 0xffff, 2);
      session.protectRtp(packet);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const wall = ((performance.now() - started) * 1000) / count;
    // CPU time is the figure that holds on a shared box; wall time includes waiting for a core.
    const cpuMicros = (cpu.user + cpu.system) / count;
    console.log(
      `[srtp] protectRtp 1200 B: ${cpuMicros.toFixed(2)} µs CPU, ${wall.toFixed(2)} µs wall per packet`,
    );
    expect(cpuMicros).toBeGreaterThan(0);
  });
});

describe('SrtpSession.protectRtcp', () => {
  // pion/srtp's AES_128_CM_HMAC_SHA1_80 SRTCP vectors (first index 1 per SSRC, as libsrtp).
  const session = (): SrtpSession =>
    new SrtpSession(keyBase64('fda62595d7f6926f7d9c024cc9209f34', 'a9651985540b47be2f27a8b88123'));
  const clear = (ssrc: string): Buffer =>
    hex(`80c80006${ssrc} df4880dd61a62ed3 d8bcdebe00000009 0000160481ca0006
         66ef91ff0110526e 5435436d4a687a79 6574417877 2b0000`);

  it('encrypts after the first 8 bytes and appends E|index and the tag, per SSRC', () => {
    const s = session();
    expect(s.protectRtcp(clear('66ef91ff'))).toEqual(
      hex(`80c8000666ef91ff cd34c578b28be16b c509d577e4ce5f20 8021bd667465e95f 49e5f5c0684ee56a
           78077546ed90f6dc 9def3bdff279a9d8 80000001 60c0aeb56f40880e28ba`),
    );
    expect(s.protectRtcp(clear('11111111'))).toEqual(
      hex(`80c8000611111111 178c15f14b11daf5 7453862bc9072940 bf22f64611a4c13a ff5abdd0f88b38e4
           95385dcf1bf52777 fbdb3f106899d8ad 80000001 343c2e8317139369cfc0`),
    );
    // The next packet of the same SSRC carries index 2.
    expect(s.protectRtcp(clear('11111111')).readUInt32BE(56)).toBe(0x80000002);
  });
});
