import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './router.js';

describe('parseRoute', () => {
  it('reads every console address', () => {
    expect(parseRoute('')).toEqual({ name: 'list', filters: { order: 'desc', offset: 0 } });
    expect(parseRoute('#/')).toEqual({ name: 'list', filters: { order: 'desc', offset: 0 } });
    expect(parseRoute('#/conferences/new')).toEqual({ name: 'create' });
    expect(parseRoute('#/conferences/c-1_A')).toEqual({ name: 'detail', id: 'c-1_A' });
    expect(parseRoute('#/conferences/c-1_A/live')).toEqual({ name: 'live', id: 'c-1_A' });
    expect(parseRoute('#/account/password')).toEqual({ name: 'password' });
    expect(parseRoute('#/destinations')).toEqual({ name: 'destinations' });
    expect(parseRoute('#/certificate')).toEqual({ name: 'certificate' });
  });

  it('reads list filters and ignores values that are not valid', () => {
    expect(parseRoute('#/?status=live&date=2030-01-02&order=asc&offset=40')).toEqual({
      name: 'list',
      filters: { status: 'live', date: '2030-01-02', order: 'asc', offset: 40 },
    });
    expect(parseRoute('#/?status=paused&date=tomorrow&order=up&offset=-3')).toEqual({
      name: 'list',
      filters: { order: 'desc', offset: 0 },
    });
  });

  it('answers notFound for unknown paths and ids the server could never have made', () => {
    for (const hash of [
      '#/main',
      '#/conferences',
      '#/conferences/a%20b',
      '#/conferences/x/edit',
      '#/account',
      '#/destinations/x',
    ]) {
      expect(parseRoute(hash)).toEqual({ name: 'notFound' });
    }
  });
});

describe('routeHref', () => {
  it('round-trips through parseRoute', () => {
    const routes: Route[] = [
      { name: 'list', filters: { order: 'desc', offset: 0 } },
      { name: 'list', filters: { status: 'ended', date: '2030-05-01', order: 'asc', offset: 20 } },
      { name: 'create' },
      { name: 'detail', id: 'abc' },
      { name: 'live', id: 'abc' },
      { name: 'destinations' },
      { name: 'certificate' },
      { name: 'password' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('names the live console mount point', () => {
    expect(routeHref({ name: 'live', id: 'c1' })).toBe('#/conferences/c1/live');
  });
});
