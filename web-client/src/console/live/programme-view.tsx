import { useStrings } from '../../i18n/i18n.js';
import { TrackVideo } from '../../media/track-video.js';
import type { RoomSnapshot } from '../../room/room-state.js';
import { Button } from '../../ui/button.js';
import { liveStrings } from './strings.js';

interface ProgrammeViewProps {
  snapshot: RoomSnapshot;
  /** The host shares a screen: with no programme, that is what the halls see. */
  sharingScreen: boolean;
  onClearSpotlight: () => void;
}

/** What every hall receives now, large, with a label that cannot be missed. */
export function ProgrammeView({ snapshot, sharingScreen, onClearSpotlight }: ProgrammeViewProps) {
  const t = useStrings(liveStrings);
  const { programme } = snapshot;
  const peer = programme.peerId === null ? undefined : snapshot.peers.find((p) => p.id === programme.peerId);
  const name = peer?.displayName ?? programme.displayName ?? '';
  const camera = peer?.media.camera;
  const track = camera && !camera.paused ? camera.track : null;
  const active = programme.peerId !== null && programme.reason !== 'none';
  return (
    <section class="programme" aria-labelledby="programme-heading" data-testid="programme">
      <h2 id="programme-heading">{t('programmeHeading')}</h2>
      <figure class="programme-view" data-reason={programme.reason}>
        {active && track ? (
          <TrackVideo track={track} label={t('programmeVideo', { name })} testId="programme-video" />
        ) : (
          <div class="video-placeholder">
            {active
              ? t('programmeNoVideo', { name })
              : t(sharingScreen ? 'programmeNoneScreen' : 'programmeNone')}
          </div>
        )}
        {/* Always present: a live region added together with its text is not announced. */}
        <figcaption aria-live="polite" class={active ? undefined : 'visually-hidden'}>
          {active && (
            <>
              <span class={`programme-label programme-label-${programme.reason}`}>
                {t(programme.reason === 'spotlight' ? 'programmeSpotlight' : 'programmeSpeaker')}
              </span>{' '}
              <span data-testid="programme-name">{name}</span>
            </>
          )}
        </figcaption>
      </figure>
      {programme.reason === 'spotlight' && (
        <Button onClick={onClearSpotlight} data-testid="clear-spotlight">
          {t('clearSpotlight')}
        </Button>
      )}
    </section>
  );
}
