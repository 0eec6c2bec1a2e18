import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getAttendanceReport } from '../../api/attendance.js';
import { getConference } from '../../api/conferences.js';
import { useStrings } from '../../i18n/i18n.js';
import { RemoteAudio } from '../../media/remote-audio.js';
import { audioTracksOf } from '../../media/room-audio.js';
import { useLocalMedia } from '../../media/use-local-media.js';
import { changedViews } from '../../room/views.js';
import { RoomClient, type View } from '../../room/room-client.js';
import { SignallingError } from '../../room/signalling.js';
import { useRoom } from '../../room/use-room.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { routeHref } from '../router.js';
import { useResource } from '../use-resource.js';
import { AttendancePanel } from './attendance-panel.js';
import { BroadcastPanel } from './broadcast-panel.js';
import { FloorQueuePanel } from './floor-queue-panel.js';
import { gridPage, gridSubscription } from './grid.js';
import { HostClosedScreen } from './host-closed.js';
import { HostMediaPanel } from './host-media-panel.js';
import { connectionNotice, hostClosedOf } from './host-status.js';
import type { TileActions } from './point-tile.js';
import { ProgrammeView } from './programme-view.js';
import { RoomSettingsPanel } from './room-settings-panel.js';
import { liveStrings } from './strings.js';
import { TileGrid } from './tile-grid.js';
import { pointDirectory, pointTiles, type TileModel } from './tiles.js';
import { useQuality } from './use-quality.js';
import { useScreenShare } from './use-screen-share.js';
import './live.css';

type Key = keyof (typeof liveStrings)['vi'];

/** Per-hall headcounts come with the attendance report (the room sends totals by level only). */
const HEADCOUNT_REFRESH_MS = 60_000;

const codeOf = (error: unknown): string => (error instanceof SignallingError ? error.code : 'ERROR');

/**
 * The host's live console (`#/conferences/<id>/live`): the programme, the
 * connected halls a page at a time with their controls, raised hands, the
 * host's own media, room settings, attendance, recording and going live, and
 * ending the conference.
 */
export function LiveConsole({ conferenceId }: { conferenceId: string }) {
  const t = useStrings(liveStrings);
  // A new session (after "run it here" or "try again") is a new client: a closed one stays closed.
  const [session, setSession] = useState(0);
  const client = useMemo(
    () => new RoomClient({ auth: async () => ({ conferenceId }) }),
    // `session` is the reason to build another one.
    [conferenceId, session],
  );
  useEffect(() => {
    client.connect();
    return () => void client.leave();
  }, [client]);
  const snapshot = useRoom(client);
  const conference = useResource((signal) => getConference(conferenceId, signal), [conferenceId]);
  // Asked again when the room's totals move (a hall joined, left or reported its headcount).
  const totals = snapshot.attendance?.total;
  const report = useResource(
    (signal) => getAttendanceReport(conferenceId, signal),
    [conferenceId, totals?.people, totals?.pointsConnected],
    () => HEADCOUNT_REFRESH_MS,
  );
  const media = useLocalMedia(snapshot.closed === null);
  const screen = useScreenShare(client);
  const closed = snapshot.closed !== null;
  useEffect(() => {
    if (closed) screen.stop();
  }, [closed, screen.stop]);

  // A failure here comes from a session going down; the next entry into the room sends the tracks again.
  useEffect(() => {
    client.setTrack('camera', media.camera.track).catch(() => undefined);
  }, [client, media.camera.track]);
  useEffect(() => {
    client.setTrack('mic', media.mic.track).catch(() => undefined);
  }, [client, media.mic.track]);

  const [failure, setFailure] = useState<string | null>(null);
  const act = useCallback(
    async (action: Key, run: () => Promise<unknown>): Promise<void> => {
      setFailure(null);
      try {
        await run();
      } catch (error) {
        setFailure(t('actionFailed', { action: t(action), code: codeOf(error) }));
      }
    },
    [t],
  );

  // The tiles, the visible page, and the video this console receives for them.
  const directory = useMemo(() => pointDirectory(conference.data?.invitedPoints ?? []), [conference.data]);
  const headcounts = useMemo(
    () => new Map((report.data?.points ?? []).map((p) => [p.pointId, p.lastHeadcount])),
    [report.data],
  );
  const tiles = pointTiles(snapshot, directory, headcounts);
  const [page, setPage] = useState(0);
  const grid = gridPage(tiles, page);
  const programmeId = snapshot.programme.reason === 'none' ? null : snapshot.programme.peerId;
  const subscription = gridSubscription(
    grid.items.map((tile) => tile.peerId),
    programmeId,
  );
  const subscriptionKey = JSON.stringify(subscription);
  const applied = useRef<{ client: RoomClient; views: Record<string, View> }>({ client, views: {} });
  useEffect(() => {
    if (applied.current.client !== client) applied.current = { client, views: {} };
    client.setGridPage(subscription.peerIds).catch(() => undefined);
    for (const [peerId, view] of changedViews(applied.current.views, subscription.views)) {
      applied.current.views[peerId] = view;
      client.setView(peerId, view).catch(() => undefined);
    }
    // The key stands for the subscription's content.
  }, [client, subscriptionKey]);
  const quality = useQuality(
    client,
    grid.items.map((tile) => ({
      peerId: tile.peerId,
      media: !tile.micOff || tile.video !== null,
      video: tile.video !== null,
    })),
  );

  const [removing, setRemoving] = useState<TileModel | null>(null);
  const [ending, setEnding] = useState(false);
  const [busy, setBusy] = useState(false);
  const actions: TileActions = {
    toggleMute: (tile) =>
      void act(tile.micMutedByHost ? 'actionUnmute' : 'actionMute', () =>
        client.control(tile.micMutedByHost ? 'unmutePoint' : 'mutePoint', { peerId: tile.peerId }),
      ),
    cameraOff: (tile) =>
      void act('actionCamera', () => client.control('disableCamera', { peerId: tile.peerId })),
    toggleSpotlight: (tile) =>
      void act('actionSpotlight', () =>
        client.control('spotlight', { peerId: tile.spotlight ? null : tile.peerId }),
      ),
    remove: setRemoving,
  };
  const [dialogError, setDialogError] = useState<string | undefined>();
  // A failure keeps the dialog open and says why inside it, where the host is looking.
  const confirm = async (action: Key, run: () => Promise<unknown>, close: () => void) => {
    setBusy(true);
    setDialogError(undefined);
    try {
      await run();
      close();
    } catch (error) {
      setDialogError(t('actionFailed', { action: t(action), code: codeOf(error) }));
    } finally {
      setBusy(false);
    }
  };
  const cancel = (close: () => void) => () => {
    setDialogError(undefined);
    close();
  };

  const title = conference.data ? t('title', { title: conference.data.title }) : t('titleLoading');
  if (snapshot.closed) {
    return (
      <div class="live-console">
        <PageHeading title={title} />
        <HostClosedScreen
          closed={hostClosedOf(snapshot.closed)}
          conferenceId={conferenceId}
          onAgain={() => setSession((s) => s + 1)}
        />
      </div>
    );
  }
  const notice = connectionNotice(snapshot);
  return (
    <div class="live-console">
      <PageHeading title={title}>
        <a href={routeHref({ name: 'detail', id: conferenceId })}>{t('backToDetail')}</a>
        <Button variant="danger" onClick={() => setEnding(true)} data-testid="end-conference">
          {t('endConference')}
        </Button>
      </PageHeading>
      <div class="live-notice" aria-live="assertive" data-testid="connection-notice">
        {notice && (
          <p class="banner banner-warn" data-testid={`banner-${notice.kind}`}>
            {notice.kind === 'connecting'
              ? t('connecting')
              : notice.attempts > 0
                ? t('reconnectingAttempts', { attempts: notice.attempts })
                : t('reconnecting')}
          </p>
        )}
      </div>
      {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
      <RemoteAudio tracks={audioTracksOf(snapshot.peers)} />
      <div class="live-layout">
        <div class="live-main">
          <ProgrammeView
            snapshot={snapshot}
            sharingScreen={screen.sharing}
            onClearSpotlight={() =>
              void act('actionSpotlight', () => client.control('spotlight', { peerId: null }))
            }
          />
          <TileGrid
            grid={grid}
            connected={tiles.length}
            quality={quality}
            actions={actions}
            onPage={setPage}
          />
        </div>
        <aside class="live-side">
          <FloorQueuePanel
            entries={snapshot.floorQueue}
            onGrant={(entry) =>
              void act('actionGrant', () => client.control('grantFloor', { peerId: entry.peerId }))
            }
            onDismiss={(entry) =>
              void act('actionDismiss', () => client.control('dismissHand', { peerId: entry.peerId }))
            }
          />
          <HostMediaPanel
            media={media}
            local={snapshot.local}
            sharing={screen.sharing}
            shareError={screen.failed}
            onMic={(paused) => void act('actionMedia', () => client.setPaused('mic', paused))}
            onCamera={(paused) => void act('actionMedia', () => client.setPaused('camera', paused))}
            onShare={() => void screen.start()}
            onStopShare={screen.stop}
          />
          <RoomSettingsPanel
            settings={snapshot.settings}
            onLock={(locked) => act('actionSettings', () => client.control('lockRoom', { locked }))}
            onPointsMayUnmute={(pointsMayUnmute) =>
              act('actionSettings', () => client.control('setRoomSettings', { pointsMayUnmute }))
            }
          />
          <AttendancePanel attendance={snapshot.attendance} />
          <BroadcastPanel
            conferenceId={conferenceId}
            status={snapshot.broadcast}
            hasWatchPage={conference.data?.watchAccess !== 'none' && Boolean(conference.data?.watchSlug)}
          />
        </aside>
      </div>
      <ConfirmDialog
        open={removing !== null}
        title={t('removeTitle')}
        confirmLabel={t('removeConfirm')}
        danger
        busy={busy}
        error={dialogError}
        onCancel={cancel(() => setRemoving(null))}
        onConfirm={() =>
          removing &&
          void confirm(
            'actionRemove',
            () => client.control('removePoint', { peerId: removing.peerId }),
            () => setRemoving(null),
          )
        }
      >
        <p>{t('removeBody', { name: removing?.name ?? '' })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={ending}
        title={t('endTitle')}
        confirmLabel={t('endConfirm')}
        danger
        busy={busy}
        error={dialogError}
        onCancel={cancel(() => setEnding(false))}
        onConfirm={() =>
          void confirm(
            'actionEnd',
            () => client.control('endConference', {}),
            () => setEnding(false),
          )
        }
      >
        <p>{t('endBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
