import { CodedError, type ErrorCode, type HandshakeRefusal } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { AccountService } from '../accounts/account-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { JoinTokens } from '../auth/join-tokens.js';
import type { ConferenceService } from '../conferences/conference-service.js';
import { pointById } from '../conferences/points.js';
import { SESSION_COOKIE } from '../http/authentication.js';
import type { PeerIdentity } from '../sfu/peer.js';

/** What the handshake established about a socket: the conference and who speaks. */
export interface SignallingIdentity extends PeerIdentity {
  conferenceId: string;
  /** For the audit log. */
  actor:
    | { kind: 'point'; pointId: string; conferenceId: string }
    | {
        kind: 'account';
        accountId: string;
        username: string;
        displayName: string;
        role: 'admin' | 'host';
        sessionId: string;
      };
}

export interface HandshakeServices {
  accounts: Pick<AccountService, 'resolveSession'>;
  conferences: Pick<ConferenceService, 'db' | 'getLive' | 'isInvited'>;
  joinTokens: Pick<JoinTokens, 'verify'>;
  audit: Pick<AuditLog, 'record'>;
}

class Refusal extends CodedError<ErrorCode> {}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : undefined;

/** One cookie's value from a Cookie header; undefined when absent or malformed. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return text(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function identify(socket: Socket, services: HandshakeServices): Promise<SignallingIdentity> {
  const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
  const joinToken = text(auth.token);
  if (joinToken) {
    const grant = services.joinTokens.verify(joinToken);
    if (!grant) throw new Refusal('UNAUTHENTICATED', 'the join token is not valid or has expired');
    if (grant.role !== 'point' || !grant.pointId) {
      throw new Refusal('FORBIDDEN', 'only a bridge point joins with a join token; hosts sign in');
    }
    const { conferenceId, pointId } = grant;
    if (!(await services.conferences.getLive(conferenceId))) {
      throw new Refusal('CONFLICT', 'the conference is not live');
    }
    const point = await pointById(services.conferences.db, pointId);
    if (
      !point ||
      point.revokedAt !== null ||
      !(await services.conferences.isInvited(conferenceId, pointId))
    ) {
      throw new Refusal('FORBIDDEN', 'this point is not invited to the conference');
    }
    return {
      role: 'point',
      key: `point:${pointId}`,
      pointId,
      displayName: point.name,
      conferenceId,
      actor: { kind: 'point', pointId, conferenceId },
    };
  }
  const session = text(auth.session) ?? cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
  if (!session) throw new Refusal('UNAUTHENTICATED', 'a host session or conference join token is required');
  const principal = await services.accounts.resolveSession(session);
  if (principal?.kind !== 'account')
    throw new Refusal('UNAUTHENTICATED', 'the session is not valid or has expired');
  const conferenceId = text(auth.conferenceId);
  if (!conferenceId)
    throw new Refusal('VALIDATION_FAILED', 'auth.conferenceId is required with a host session');
  if (!(await services.conferences.getLive(conferenceId)))
    throw new Refusal('CONFLICT', 'the conference is not live');
  return {
    role: 'host',
    key: `account:${principal.accountId}`,
    // Halls see the host by the name people know, not its login.
    displayName: principal.displayName,
    conferenceId,
    actor: principal,
  };
}

/**
 * The socket.io handshake: a live conference's join token (a bridge point) or a
 * host session with the conference it runs, and nothing else. A refused socket
 * gets a connect_error whose `data` is `{ code, message }` and never reaches a room.
 */
export function handshake(services: HandshakeServices, log: FastifyBaseLogger) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    identify(socket, services).then(
      (identity) => {
        socket.data.identity = identity;
        next();
      },
      async (error: unknown) => {
        const refusal =
          error instanceof Refusal ? error : new Refusal('INTERNAL', 'the handshake could not be checked');
        if (!(error instanceof Refusal)) log.error({ err: error }, 'signalling handshake failed');
        else log.debug({ code: refusal.code, ip: socket.handshake.address }, 'signalling handshake refused');
        if (refusal.code === 'FORBIDDEN') {
          await services.audit
            .record({
              actor: { kind: 'anonymous' },
              action: 'signalling.refused',
              ip: socket.handshake.address,
              details: { code: refusal.code, reason: refusal.message },
            })
            .catch((e: unknown) => log.error({ err: e }, 'cannot audit a refused handshake'));
        }
        const data: HandshakeRefusal = { code: refusal.code, message: refusal.message };
        next(Object.assign(new Error(refusal.code), { data }));
      },
    );
  };
}

/** The identity the handshake stored on an admitted socket. */
export function identityOf(socket: Socket): SignallingIdentity {
  return (socket.data as { identity: SignallingIdentity }).identity;
}
