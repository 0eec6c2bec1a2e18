import Type from 'typebox';

/*
 * mediasoup's own structures as they cross the wire. Their top level is checked
 * here (shape, sizes); the nested objects stay open because mediasoup-client
 * owns them and mediasoup validates them again in full (its ORTC checks).
 */

const Token = Type.String({ minLength: 1, maxLength: 256 });
const Kind = Type.Union([Type.Literal('audio'), Type.Literal('video')]);
export const MediaKind = Kind;
export type MediaKind = Type.Static<typeof MediaKind>;

const CodecParameters = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 256 }), Type.Number()]),
  { maxProperties: 32 },
);
const RtcpFeedback = Type.Array(
  Type.Object({ type: Token, parameter: Type.Optional(Type.String({ maxLength: 64 })) }),
  { maxItems: 32 },
);

export const RtpCapabilities = Type.Object({
  codecs: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Kind,
        mimeType: Token,
        preferredPayloadType: Type.Optional(Type.Integer({ minimum: 0, maximum: 127 })),
        clockRate: Type.Integer({ minimum: 1 }),
        channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
        parameters: Type.Optional(CodecParameters),
        rtcpFeedback: Type.Optional(RtcpFeedback),
      }),
      { maxItems: 64 },
    ),
  ),
  headerExtensions: Type.Optional(
    Type.Array(
      Type.Object({
        kind: Kind,
        uri: Token,
        preferredId: Type.Integer({ minimum: 1, maximum: 255 }),
        preferredEncrypt: Type.Optional(Type.Boolean()),
        direction: Type.Optional(Token),
      }),
      { maxItems: 64 },
    ),
  ),
});
export type RtpCapabilities = Type.Static<typeof RtpCapabilities>;

export const RtpParameters = Type.Object({
  mid: Type.Optional(Type.String({ maxLength: 32 })),
  codecs: Type.Array(
    Type.Object({
      mimeType: Token,
      payloadType: Type.Integer({ minimum: 0, maximum: 127 }),
      clockRate: Type.Integer({ minimum: 1 }),
      channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
      parameters: Type.Optional(CodecParameters),
      rtcpFeedback: Type.Optional(RtcpFeedback),
    }),
    { minItems: 1, maxItems: 32 },
  ),
  headerExtensions: Type.Optional(
    Type.Array(
      Type.Object({
        uri: Token,
        id: Type.Integer({ minimum: 1, maximum: 255 }),
        encrypt: Type.Optional(Type.Boolean()),
        parameters: Type.Optional(CodecParameters),
      }),
      { maxItems: 32 },
    ),
  ),
  encodings: Type.Optional(
    Type.Array(
      Type.Object({
        ssrc: Type.Optional(Type.Integer({ minimum: 0 })),
        rid: Type.Optional(Type.String({ maxLength: 32 })),
        codecPayloadType: Type.Optional(Type.Integer({ minimum: 0, maximum: 127 })),
        rtx: Type.Optional(Type.Object({ ssrc: Type.Integer({ minimum: 0 }) })),
        dtx: Type.Optional(Type.Boolean()),
        scalabilityMode: Type.Optional(Type.String({ maxLength: 16 })),
        scaleResolutionDownBy: Type.Optional(Type.Number({ minimum: 1 })),
        maxBitrate: Type.Optional(Type.Number({ minimum: 0 })),
      }),
      { maxItems: 8 },
    ),
  ),
  rtcp: Type.Optional(
    Type.Object({
      cname: Type.Optional(Type.String({ maxLength: 256 })),
      reducedSize: Type.Optional(Type.Boolean()),
      mux: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type RtpParameters = Type.Static<typeof RtpParameters>;

export const DtlsParameters = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('client'), Type.Literal('server')])),
  fingerprints: Type.Array(Type.Object({ algorithm: Token, value: Type.String({ maxLength: 512 }) }), {
    minItems: 1,
    maxItems: 8,
  }),
});
export type DtlsParameters = Type.Static<typeof DtlsParameters>;

export const IceParameters = Type.Object({
  usernameFragment: Type.String(),
  password: Type.String(),
  iceLite: Type.Optional(Type.Boolean()),
});
export type IceParameters = Type.Static<typeof IceParameters>;

export const IceCandidate = Type.Object({
  foundation: Type.String(),
  priority: Type.Number(),
  address: Type.String(),
  protocol: Type.Union([Type.Literal('udp'), Type.Literal('tcp')]),
  port: Type.Integer(),
  type: Type.String(),
  tcpType: Type.Optional(Type.String()),
});
export type IceCandidate = Type.Static<typeof IceCandidate>;

/**
 * SRTP keying for a plain (S)RTP transport: one suite, and the 30-byte master
 * key and salt in base64 (40 characters), as ffmpeg's `-srtp_out_params` takes it.
 */
export const SrtpParameters = Type.Object(
  {
    cryptoSuite: Type.Literal('AES_CM_128_HMAC_SHA1_80'),
    keyBase64: Type.String({ pattern: '^[A-Za-z0-9+/]{40}$' }),
  },
  { additionalProperties: false },
);
export type SrtpParameters = Type.Static<typeof SrtpParameters>;
