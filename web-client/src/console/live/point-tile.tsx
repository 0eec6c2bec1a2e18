import { useId } from 'preact/hooks';
import { useStrings } from '../../i18n/i18n.js';
import { LevelMeter } from '../../media/level-meter.js';
import { TrackVideo } from '../../media/track-video.js';
import { Button } from '../../ui/button.js';
import type { Quality } from './quality.js';
import { liveStrings } from './strings.js';
import { tileBadges, type TileBadge, type TileModel } from './tiles.js';

type Key = keyof (typeof liveStrings)['vi'];

const BADGE_KEYS: Record<TileBadge, Key> = {
  reconnecting: 'badgeReconnecting',
  speaking: 'badgeSpeaking',
  handRaised: 'badgeHandRaised',
  spotlight: 'badgeSpotlight',
  mutedByHost: 'badgeMutedByHost',
  micOff: 'badgeMicOff',
  cameraOffByHost: 'badgeCameraOffByHost',
  cameraOff: 'badgeCameraOff',
};

const QUALITY_KEYS: Record<Quality, Key> = {
  good: 'qualityGood',
  fair: 'qualityFair',
  poor: 'qualityPoor',
  unknown: 'qualityUnknown',
};

export interface TileActions {
  toggleMute: (tile: TileModel) => void;
  cameraOff: (tile: TileModel) => void;
  toggleSpotlight: (tile: TileModel) => void;
  remove: (tile: TileModel) => void;
}

interface PointTileProps {
  tile: TileModel;
  quality: Quality;
  actions: TileActions;
}

/** One connected hall: its picture, who it is, its states and the host's controls over it. */
export function PointTile({ tile, quality, actions }: PointTileProps) {
  const t = useStrings(liveStrings);
  const nameId = useId();
  const { name, pointId } = tile;
  const badges = tileBadges(tile);
  return (
    <li
      class={`tile${tile.speaking ? ' tile-speaking' : ''}${tile.spotlight ? ' tile-spotlight' : ''}`}
      data-testid={`tile-${pointId}`}
      aria-labelledby={nameId}
    >
      <div class="tile-media">
        {tile.video ? (
          <TrackVideo track={tile.video} label={t('tileVideo', { name })} testId={`tile-video-${pointId}`} />
        ) : (
          <div class="video-placeholder" data-testid={`tile-placeholder-${pointId}`}>
            {tile.cameraOff ? t('noCamera') : t('waitingVideo')}
          </div>
        )}
        {badges.length > 0 && (
          <ul class="tile-badges">
            {badges.map((b) => (
              <li key={b} class={`tile-badge tile-badge-${b}`} data-testid={`tile-badge-${b}-${pointId}`}>
                {t(BADGE_KEYS[b])}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="tile-info">
        <h3 id={nameId} class="tile-name">
          {name}
        </h3>
        {tile.unitName && <p class="tile-unit">{tile.unitName}</p>}
        <p class="tile-meta">
          {tile.headcount !== null && (
            <span data-testid={`tile-headcount-${pointId}`}>{t('headcount', { n: tile.headcount })}</span>
          )}
          <span
            class={`tile-quality quality-${quality}`}
            data-testid={`tile-quality-${pointId}`}
            data-quality={quality}
          >
            {t('quality', { quality: t(QUALITY_KEYS[quality]) })}
          </span>
        </p>
        <LevelMeter level={tile.level} label={t('levelLabel', { name })} testId={`tile-level-${pointId}`} />
      </div>
      <div class="tile-controls" role="group" aria-label={t('controlsOf', { name })}>
        <Button
          variant={tile.micMutedByHost ? 'primary' : 'secondary'}
          aria-label={t(tile.micMutedByHost ? 'unmuteLabel' : 'muteLabel', { name })}
          onClick={() => actions.toggleMute(tile)}
          data-testid={`tile-mute-${pointId}`}
        >
          {t(tile.micMutedByHost ? 'unmute' : 'mute')}
        </Button>
        <Button
          aria-label={t(tile.cameraOffByHost ? 'cameraHeldLabel' : 'cameraOffLabel', { name })}
          disabled={tile.cameraOffByHost}
          onClick={() => actions.cameraOff(tile)}
          data-testid={`tile-camera-${pointId}`}
        >
          {t(tile.cameraOffByHost ? 'cameraHeld' : 'cameraOff')}
        </Button>
        <Button
          variant={tile.spotlight ? 'primary' : 'secondary'}
          aria-label={t(tile.spotlight ? 'unspotlightLabel' : 'spotlightLabel', { name })}
          onClick={() => actions.toggleSpotlight(tile)}
          data-testid={`tile-spotlight-${pointId}`}
        >
          {t(tile.spotlight ? 'unspotlight' : 'spotlight')}
        </Button>
        <Button
          variant="danger"
          aria-label={t('removeLabel', { name })}
          onClick={() => actions.remove(tile)}
          data-testid={`tile-remove-${pointId}`}
        >
          {t('remove')}
        </Button>
      </div>
    </li>
  );
}
