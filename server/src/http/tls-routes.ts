// How the server speaks TLS (GET /api/tls) and the made root certificate halls install (GET /tls/root-ca.crt).
import { X509Certificate } from 'node:crypto';
import { TlsStatus } from '@diemcau/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.js';
import { ROOT_CA_PATH } from '../tls/plain-answer.js';
import type { TlsMaterial } from '../tls/tls-material.js';

export interface TlsRoutesOptions {
  /** null: plain http. */
  material: TlsMaterial | null;
}

/** What the console shows about the certificate; public, like the certificate itself. */
export function tlsStatus(material: TlsMaterial | null): TlsStatus {
  if (!material) return { source: 'off', names: [], rootCa: null };
  const root = material.rootCa ? new X509Certificate(material.rootCa) : null;
  return {
    source: material.source,
    names: material.names,
    rootCa: root
      ? {
          subject: root.subject.replace(/\n/g, ', '),
          fingerprint256: root.fingerprint256,
          validTo: new Date(root.validTo).toISOString(),
        }
      : null,
  };
}

export const tlsRoutes: FastifyPluginAsync<TlsRoutesOptions> = async (app, { material }) => {
  const status = tlsStatus(material);
  app.get(
    '/api/tls',
    { schema: { tags: ['tls'], summary: 'How the server speaks TLS', response: { 200: TlsStatus } } },
    async () => status,
  );
  app.get(ROOT_CA_PATH, { schema: { hide: true } }, async (_request, reply) => {
    if (!material?.rootCa) {
      throw new AppError('NOT_FOUND', 404, 'this server has no root certificate of its own');
    }
    return reply
      .header('content-type', 'application/x-x509-ca-cert')
      .header('content-disposition', 'attachment; filename="diemcau-root-ca.crt"')
      .send(material.rootCa);
  });
};
