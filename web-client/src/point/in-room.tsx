import type { JoinResponse } from '@diemcau/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { MediaNotice } from '../media/media-notice.js';
import { MicLevelMeter } from '../media/mic-level-meter.js';
import { RemoteAudio } from '../media/remote-audio.js';
import { audioTracksOf } from '../media/room-audio.js';
import { mediaStrings } from '../media/strings.js';
import { TrackVideo } from '../media/track-video.js';
import type { LocalMedia } from '../media/use-local-media.js';
import type { RoomClient, View } from '../room/room-client.js';
import type { Closed } from '../room/room-state.js';
import { SignallingError } from '../room/signalling.js';
import { useRoom } from '../room/use-room.js';
import { Button } from '../ui/button.js';
import { StatusMessage } from '../ui/status-message.js';
import { pointBanners } from './banners.js';
import { HeadcountForm } from './headcount-form.js';
import { changedViews } from '../room/views.js';
import { cameraViews, largeVideoOf, type LargeVideo } from './large-video.js';
import { PointBanners } from './point-banners.js';
import { pointStrings } from './strings.js';

interface InRoomProps {
  client: RoomClient;
  join: JoinResponse;
  media: LocalMedia;
  onClosed: (closed: Closed) => void;
}

const codeOf = (error: unknown): string => (error instanceof SignallingError ? error.code : 'ERROR');

/** The hall in the conference: the host or programme large, its own picture small, its controls. */
export function InRoom({ client, join, media, onClosed }: InRoomProps) {
  const t = useStrings(pointStrings);
  const tm = useStrings(mediaStrings);
  const snapshot = useRoom(client);
  const [unmuteRefused, setUnmuteRefused] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { mic, camera } = snapshot.local;

  // The page's tracks go to the room; a newly chosen device replaces the one being sent.
  // A failure here comes from a session going down; the next entry into the room sends the tracks again.
  useEffect(() => {
    client.setTrack('camera', media.camera.track).catch(() => undefined);
  }, [client, media.camera.track]);
  useEffect(() => {
    client.setTrack('mic', media.mic.track).catch(() => undefined);
  }, [client, media.mic.track]);

  useEffect(() => {
    if (snapshot.closed) onClosed(snapshot.closed);
  }, [snapshot.closed, onClosed]);
  useEffect(() => {
    if (!mic.heldByHost) setUnmuteRefused(false);
  }, [mic.heldByHost]);

  const large = largeVideoOf(snapshot);
  const applied = useRef<Record<string, View>>({});
  useEffect(() => {
    for (const [peerId, view] of changedViews(applied.current, cameraViews(snapshot, large))) {
      applied.current[peerId] = view;
      client.setView(peerId, view).catch(() => undefined);
    }
  });

  const act = async (action: () => Promise<void>) => {
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(t('actionFailed', { code: codeOf(error) }));
    }
  };
  const micLive = !mic.paused && !mic.heldByHost;
  const cameraLive = !camera.paused && !camera.heldByHost;
  const toggleMic = () =>
    act(async () => {
      try {
        await client.setPaused('mic', micLive);
      } catch (error) {
        // The room does not let points lift the host's mute: say so in the banner, not as a failure.
        if (codeOf(error) === 'FORBIDDEN') setUnmuteRefused(true);
        else throw error;
      }
    });
  const joined = snapshot.connection === 'joined';
  const point = join.point.name;

  return (
    <div class="room">
      <p class="point-hall">{t('hallOf', { point, unit: join.point.unitName })}</p>
      <RemoteAudio tracks={audioTracksOf(snapshot.peers)} />
      <PointBanners banners={pointBanners(snapshot, unmuteRefused)} />
      <MediaNotice media={media} />
      {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
      <div class="stage">
        <LargeView large={large} />
        <figure class="self-view">
          {media.camera.track && cameraLive ? (
            <TrackVideo
              track={media.camera.track}
              label={t('selfLabel', { point })}
              mirror
              testId="self-video"
            />
          ) : (
            <div class="video-placeholder" data-testid="self-video-off">
              {t('selfCameraOff')}
            </div>
          )}
          <figcaption>{t('hallLabel', { point })}</figcaption>
          <MicLevelMeter
            track={micLive ? media.mic.track : null}
            label={tm('micLevel')}
            testId="self-mic-level"
          />
        </figure>
      </div>
      <div class="room-controls" role="group" aria-label={t('controls')}>
        <Button
          variant={micLive ? 'secondary' : 'danger'}
          disabled={!media.mic.track}
          onClick={toggleMic}
          data-testid="mic-toggle"
        >
          {micLive ? t('micMute') : t('micUnmute')}
        </Button>
        <Button
          variant={cameraLive ? 'secondary' : 'danger'}
          disabled={!media.camera.track}
          onClick={() => act(() => client.setPaused('camera', cameraLive))}
          data-testid="camera-toggle"
        >
          {cameraLive ? t('cameraOff') : t('cameraOn')}
        </Button>
        <Button
          variant={snapshot.handRaised ? 'primary' : 'secondary'}
          disabled={!joined}
          onClick={() => act(() => client.setHandRaised(!snapshot.handRaised))}
          data-testid="raise-hand"
        >
          {snapshot.handRaised ? t('lowerHand') : t('raiseHand')}
        </Button>
        <Button variant="quiet" onClick={() => void client.leave()} data-testid="leave-button">
          {t('leave')}
        </Button>
      </div>
      <HeadcountForm current={snapshot.headcount} onSubmit={(n) => client.setHeadcount(n)} />
    </div>
  );
}

function LargeView({ large }: { large: LargeVideo }) {
  const t = useStrings(pointStrings);
  const caption =
    large.kind === 'none'
      ? t('largeNone')
      : large.kind === 'host'
        ? t(large.screen ? 'largeHostScreen' : 'largeHost', { name: large.name })
        : t(large.reason === 'spotlight' ? 'largeSpotlight' : 'largeSpeaker', { name: large.name });
  const track = large.kind === 'none' ? null : large.track;
  return (
    <figure class="large-view" data-testid="large-view" data-kind={large.kind}>
      {track ? (
        <TrackVideo
          track={track}
          label={caption}
          fit={large.kind === 'host' && large.screen ? 'contain' : 'cover'}
          testId="large-video"
        />
      ) : (
        <div class="video-placeholder">{large.kind === 'none' ? t('largeNone') : t('largeNoVideo')}</div>
      )}
      <figcaption aria-live="polite">{caption}</figcaption>
    </figure>
  );
}
