// What a plain-http request gets once TLS is on: the root certificate for halls to install, else a redirect to https.

/** Where the made root certificate is served, over https and, for a hall that has not installed it yet, plain http. */
export const ROOT_CA_PATH = '/tls/root-ca.crt';

/** The whole head of a request has arrived. */
export function headComplete(head: string): boolean {
  return head.includes('\r\n\r\n') || head.includes('\n\n');
}

/** The host (without port) a request head names, when it is a plain name or address. */
function hostOf(head: string): string | undefined {
  const header = /^host:[ \t]*([^\r\n]*)$/im.exec(head)?.[1]?.trim();
  if (!header || !/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(header)) return undefined;
  return header.replace(/:\d+$/, '');
}

/**
 * The raw HTTP/1.1 response to a plain request `head`: the root certificate at ROOT_CA_PATH
 * (when there is a made one), else 307 to the same path over https on `httpsPort`, at the host
 * the browser asked for (so a LAN address stays a LAN address), else at `fallbackHost`.
 * 307, not 308: a browser caches a permanent redirect, which would outlive TLS being turned off.
 */
export function plainAnswer(
  head: string,
  { httpsPort, fallbackHost, rootCa }: { httpsPort: number; fallbackHost: string; rootCa: string | null },
): string {
  const target = /^[A-Z]+ (\/[^\s]*) HTTP\/1\.[01]\r?$/m.exec(head.split('\n', 1)[0] ?? '')?.[1] ?? '/';
  if (rootCa && target.split('?')[0] === ROOT_CA_PATH) {
    return [
      'HTTP/1.1 200 OK',
      'Content-Type: application/x-x509-ca-cert',
      'Content-Disposition: attachment; filename="diemcau-root-ca.crt"',
      `Content-Length: ${Buffer.byteLength(rootCa)}`,
      'Connection: close',
      '',
      rootCa,
    ].join('\r\n');
  }
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  const location = `https://${hostOf(head) ?? fallbackHost}${port}${target}`;
  return [
    'HTTP/1.1 307 Temporary Redirect',
    `Location: ${location}`,
    'Content-Length: 0',
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}
