import Type from 'typebox';

/** One dependency's state in a readiness report. */
export const DependencyCheck = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String(),
});
export type DependencyCheck = Type.Static<typeof DependencyCheck>;

/** `GET /readyz` of the server: 200 when every check is ok, else 503. */
export const ServerReadiness = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Object({
    mediasoup: DependencyCheck,
    database: DependencyCheck,
    redis: DependencyCheck,
  }),
});
export type ServerReadiness = Type.Static<typeof ServerReadiness>;

/** `GET /readyz` of a media-worker. */
export const MediaWorkerReadiness = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Object({
    redis: DependencyCheck,
    ffmpeg: DependencyCheck,
  }),
});
export type MediaWorkerReadiness = Type.Static<typeof MediaWorkerReadiness>;

/** `GET /healthz`: the process is alive and serving; its uptime only for an operator. */
export const Liveness = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Optional(Type.Number()),
});
export type Liveness = Type.Static<typeof Liveness>;

/**
 * `GET /readyz` for anyone but an operator (METRICS_TOKEN, or an admin's session): 200 `ok` or
 * 503 `unavailable`, and nothing of what was checked, where it lives or how it failed.
 */
export const PublicReadiness = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
});
export type PublicReadiness = Type.Static<typeof PublicReadiness>;

/** The public answer to a readiness report. */
export function publicReadiness(ready: boolean): PublicReadiness {
  return { status: ready ? 'ok' : 'unavailable' };
}
