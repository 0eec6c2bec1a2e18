// A small certificate authority for LAN trials: its root, and server certificates it signs for this machine.
import crypto from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Ten years: halls install the root once. */
const ROOT_DAYS = 3650;
/** Under the 398 days browsers accept for a server certificate; remade at start before it runs out. */
const SERVER_DAYS = 397;

export interface PemPair {
  cert: string;
  key: string;
}

function rsaKeyPair(): { publicPem: string; privatePem: string } {
  // Node's own generator: node-forge's pure-JS one takes seconds for 2048 bits.
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

function newCertificate(publicPem: string, now: Date, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // Positive (leading 0 bit) and unpredictable, as RFC 5280 and the browsers ask.
  cert.serialNumber = `00${crypto.randomBytes(16).toString('hex')}`;
  // An hour back: a hall whose clock runs a little behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return cert;
}

/** A self-signed root that may sign server certificates only (path length 0). */
export function makeRootCa(commonName: string, now = new Date()): PemPair {
  const { publicPem, privatePem } = rsaKeyPair();
  const cert = newCertificate(publicPem, now, ROOT_DAYS);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'diemcau' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privatePem };
}

/** A server certificate for `names` (DNS names and IP addresses), signed by `root`. */
export function makeServerCertificate(root: PemPair, names: readonly string[], now = new Date()): PemPair {
  const rootCert = forge.pki.certificateFromPem(root.cert);
  const { publicPem, privatePem } = rsaKeyPair();
  const cert = newCertificate(publicPem, now, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: names[0] ?? 'localhost' }]);
  cert.setIssuer(rootCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((name) => (net.isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: rootCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(root.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privatePem };
}
