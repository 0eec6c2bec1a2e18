import { describe, expect, it } from 'vitest';
import { headComplete, plainAnswer, ROOT_CA_PATH } from './plain-answer.js';

const head = (target: string, host?: string) =>
  `GET ${target} HTTP/1.1\r\n${host === undefined ? '' : `Host: ${host}\r\n`}Accept: */*\r\n\r\n`;
const options = { httpsPort: 3000, fallbackHost: 'diemcau.example', rootCa: '-----BEGIN CERTIFICATE-----\n' };
const location = (answer: string) => /^Location: (.*)$/m.exec(answer)?.[1]?.trim();

describe('plainAnswer', () => {
  it('redirects to the same path over https, at the host the browser asked for', () => {
    const answer = plainAnswer(head('/join/abc?x=1', '192.168.1.10:3000'), options);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 307 Temporary Redirect');
    expect(location(answer)).toBe('https://192.168.1.10:3000/join/abc?x=1');
    expect(location(plainAnswer(head('/', '[fd00::5]:3000'), options))).toBe('https://[fd00::5]:3000/');
    expect(location(plainAnswer(head('/'), { ...options, httpsPort: 443 }))).toBe('https://diemcau.example/');
  });

  it('does not echo a host header it cannot vouch for', () => {
    expect(location(plainAnswer(head('/', 'a b'), options))).toBe('https://diemcau.example:3000/');
    expect(location(plainAnswer('garbage\r\n\r\n', options))).toBe('https://diemcau.example:3000/');
  });

  it('hands out the made root certificate itself, and only when there is one', () => {
    const answer = plainAnswer(head(ROOT_CA_PATH, 'x'), options);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/x-x509-ca-cert\r\n/);
    expect(answer.endsWith('\r\n\r\n-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(plainAnswer(head(ROOT_CA_PATH, 'x'), { ...options, rootCa: null })).toMatch(/^HTTP\/1\.1 307/);
  });

  it('knows when a request head is whole', () => {
    expect(headComplete('GET / HTTP/1.1\r\nHost: x\r\n')).toBe(false);
    expect(headComplete(head('/', 'x'))).toBe(true);
  });
});
