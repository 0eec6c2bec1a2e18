// What is wrong, if anything, with a certificate and key for serving a host: pure checks on PEM text.
import crypto, { X509Certificate } from 'node:crypto';
import net from 'node:net';

/** A problem and the variable (or file) it belongs to: the key, or the certificate. */
export interface CertificateProblem {
  part: 'cert' | 'key';
  reason: string;
}

/** Whether the certificate names `host` (an IP address or a DNS name, wildcards included). */
export function coversHost(cert: X509Certificate, host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return net.isIP(bare) ? cert.checkIP(bare) !== undefined : cert.checkHost(bare) !== undefined;
}

/**
 * The first reason this pair cannot serve `hosts` at `now`: not PEM, not yet or no longer valid
 * (`marginMs` early), a key of another certificate, or a host its names do not cover.
 */
export function certificateProblem(
  certPem: string,
  keyPem: string,
  hosts: readonly string[],
  now: Date,
  marginMs = 0,
): CertificateProblem | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return { part: 'cert', reason: 'is not a PEM certificate' };
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(keyPem);
  } catch {
    return { part: 'key', reason: 'is not a PEM private key (or it is encrypted)' };
  }
  if (new Date(cert.validFrom) > now)
    return { part: 'cert', reason: `is not valid before ${cert.validFrom}` };
  if (new Date(cert.validTo).getTime() - marginMs <= now.getTime()) {
    return { part: 'cert', reason: `expired on ${cert.validTo}` };
  }
  if (!cert.checkPrivateKey(key))
    return { part: 'key', reason: 'does not match the certificate in TLS_CERT' };
  const uncovered = hosts.filter((host) => !coversHost(cert, host));
  if (uncovered.length > 0) {
    return {
      part: 'cert',
      reason: `does not cover ${uncovered.join(', ')} (it names ${cert.subjectAltName ?? cert.subject.replace(/\n/g, ', ')})`,
    };
  }
  return null;
}
