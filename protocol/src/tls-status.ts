// GET /api/tls: how the server speaks TLS, and the root certificate halls install for a made one.
import Type from 'typebox';

export const TlsStatus = Type.Object({
  /** off: plain http (localhost, or a proxy ends TLS); given: TLS_CERT/TLS_KEY; made: the local CA in DATA_DIR. */
  source: Type.Union([Type.Literal('off'), Type.Literal('given'), Type.Literal('made')]),
  /** The names and addresses the server certificate covers. */
  names: Type.Array(Type.String()),
  /** The made root, served at /tls/root-ca.crt; null unless source is made. */
  rootCa: Type.Union([
    Type.Object({
      subject: Type.String(),
      /** SHA-256 of the certificate, as the halls' systems show it (AA:BB:…). */
      fingerprint256: Type.String(),
      validTo: Type.String(),
    }),
    Type.Null(),
  ]),
});
export type TlsStatus = Type.Static<typeof TlsStatus>;
