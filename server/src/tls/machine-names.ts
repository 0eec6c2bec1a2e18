// The names and addresses a certificate made here must cover: PUBLIC_URL's host and this machine's own.
import os from 'node:os';

/**
 * localhost, the host name (and its .local mDNS name), every non-internal address but
 * IPv6 link-local ones (which need a zone no URL carries), and PUBLIC_URL's host first.
 */
export function machineNames(
  publicHost: string,
  interfaces = os.networkInterfaces(),
  hostname = os.hostname(),
): string[] {
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => !info.address.toLowerCase().startsWith('fe80:'))
    .map((info) => info.address);
  const names = [
    publicHost.replace(/^\[|\]$/g, ''),
    'localhost',
    hostname,
    `${hostname}.local`,
    ...addresses,
  ];
  return [...new Set(names.filter((name) => name !== '' && !name.includes('_')))];
}
