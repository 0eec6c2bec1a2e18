import type { JoinResponse } from '@diemcau/protocol';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { joinConference } from '../api/join.js';
import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { useLocalMedia } from '../media/use-local-media.js';
import { RoomClient } from '../room/room-client.js';
import type { Closed } from '../room/room-state.js';
import { Layout } from '../ui/layout.js';
import { closedScreenOf } from './banners.js';
import { ClosedScreen } from './closed-screen.js';
import { InRoom } from './in-room.js';
import { pointAuth } from './join-auth.js';
import { linkTokenFrom } from './link-token.js';
import { LobbyStatus } from './lobby-status.js';
import { PreJoin } from './pre-join.js';
import { pointStrings } from './strings.js';
import { useLobby } from './use-lobby.js';

type Phase =
  | { kind: 'lobby' }
  | { kind: 'room'; client: RoomClient; join: JoinResponse }
  | { kind: 'closed'; closed: Closed };

/**
 * The bridge point page: the link's state and the hall's set-up, then the
 * room, then why it ended. The camera and microphone stay open from set-up to
 * the end of the room, and close once the hall is out.
 */
export function PointApp() {
  const t = useStrings(pointStrings);
  const tc = useStrings(common);
  const linkToken = useMemo(() => linkTokenFrom(location), []);
  const [phase, setPhase] = useState<Phase>({ kind: 'lobby' });
  const lobby = useLobby(linkToken, phase.kind === 'lobby');
  const media = useLocalMedia(linkToken !== null && lobby.kind !== 'invalid' && phase.kind !== 'closed');

  const join = lobby.kind === 'ready' ? lobby.join : undefined;
  useEffect(() => {
    document.title = `${join ? join.point.name : t('pageTitle')} — ${tc('appName')}`;
  }, [join, t, tc]);

  const onJoin = (headcount: number | null) => {
    if (!linkToken || !join) return;
    const client = new RoomClient({ auth: pointAuth(linkToken, join, joinConference) });
    if (headcount !== null) void client.setHeadcount(headcount);
    client.connect();
    setPhase({ kind: 'room', client, join });
  };
  const onClosed = useCallback((closed: Closed) => setPhase({ kind: 'closed', closed }), []);
  // Closing the tab leaves the room at once, rather than after the server's grace period.
  useEffect(() => {
    if (phase.kind !== 'room') return;
    const leave = () => void phase.client.leave();
    addEventListener('pagehide', leave);
    return () => removeEventListener('pagehide', leave);
  }, [phase]);

  return (
    <Layout brand={<span>{t('brand')}</span>}>
      <h1 class="point-title">
        {phase.kind === 'room' ? phase.join.conference.title : (join?.point.name ?? t('pageTitle'))}
      </h1>
      {!linkToken ? (
        <p role="alert">{t('noLink')}</p>
      ) : phase.kind === 'room' ? (
        <InRoom client={phase.client} join={phase.join} media={media} onClosed={onClosed} />
      ) : phase.kind === 'closed' ? (
        <ClosedScreen screen={closedScreenOf(phase.closed)} onAgain={() => setPhase({ kind: 'lobby' })} />
      ) : (
        <>
          <LobbyStatus lobby={lobby} />
          {lobby.kind !== 'invalid' && <PreJoin media={media} canJoin={join !== undefined} onJoin={onJoin} />}
        </>
      )}
    </Layout>
  );
}
