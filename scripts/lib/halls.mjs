// @ts-check
// How halls on other machines reach what `npm start` runs: the LAN address to serve at by
// default (so the server turns https on), the readiness probe over http or https, and the words
// the launcher prints about the halls' root certificate.
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';

/**
 * The first non-internal IPv4 address (the one the server announces to browsers by default).
 * @param {NodeJS.Dict<os.NetworkInterfaceInfo[]>} [interfaces]
 */
export function lanAddress(interfaces = os.networkInterfaces()) {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return null;
}

/**
 * With no PUBLIC_URL, halls could only reach a localhost address that is not theirs: the
 * launcher serves at the machine's LAN address instead, on which the server speaks https with
 * the certificate its local CA makes. Left alone: PUBLIC_URL set, TLS=off, TRUST_PROXY (a proxy
 * ends TLS) or no LAN address.
 * @param {NodeJS.ProcessEnv} env
 * @param {string | null} address
 * @returns {NodeJS.ProcessEnv}
 */
export function defaultPublicUrl(env, address) {
  const proxied = env.TRUST_PROXY !== undefined && env.TRUST_PROXY !== '' && env.TRUST_PROXY !== 'false';
  if (env.PUBLIC_URL || env.TLS === 'off' || proxied || !address) return {};
  const host = env.RTC_ANNOUNCED_IP || address;
  return { PUBLIC_URL: `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '3000'}` };
}

/**
 * GET over http, or over https where the server answered plain http with a redirect to it (TLS
 * on). The certificate is not checked: this is the launcher asking its own child on loopback.
 * @param {string} host
 * @param {string} port
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, body: string, tls: boolean }>}
 */
export async function localGet(host, port, path, headers = {}) {
  const name = host.includes(':') ? `[${host}]` : host;
  /** @param {boolean} tls @returns {Promise<{ status: number, body: string, tls: boolean }>} */
  const get = (tls) =>
    new Promise((resolve, reject) => {
      const url = `${tls ? 'https' : 'http'}://${name}:${port}${path}`;
      const options = { timeout: 2000, headers, ...(tls ? { rejectUnauthorized: false } : {}) };
      const request = (tls ? https : http).get(url, options, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, tls }));
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', reject);
    });
  const plain = await get(false);
  return plain.status === 307 ? get(true) : plain;
}

/**
 * The address to print: PUBLIC_URL as the server serves it (https on PORT once TLS is on).
 * @param {string} publicUrl
 * @param {boolean} tls
 * @param {string} port
 */
export function servedUrl(publicUrl, tls, port) {
  const url = new URL(publicUrl);
  if (tls && url.protocol === 'http:') {
    url.protocol = 'https:';
    url.port = url.port || port;
  }
  return url.href;
}

/**
 * What the halls need, for a server with a made certificate (GET /api/tls).
 * @param {string} url the https address, with its trailing slash
 * @param {{ source: string, rootCa: { fingerprint256: string } | null }} status
 */
export function hallInstructions(url, status) {
  if (status.source !== 'made' || !status.rootCa) return [];
  const plain = new URL(url);
  plain.protocol = 'http:';
  return [
    'halls on other machines: install the root certificate on each, once (then no browser warning):',
    `  download ${plain.origin}/tls/root-ca.crt (SHA-256 ${status.rootCa.fingerprint256})`,
    `  steps for Windows, macOS, Android and iOS: ${url}#/certificate (console: "Kết nối điểm cầu")`,
    `  then hand out the join links (npm run cli -- issue-credentials): they start with ${url}join/`,
  ];
}
