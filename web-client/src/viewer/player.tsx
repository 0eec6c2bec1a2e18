import { useCallback } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import type { viewerStrings } from './strings.js';
import type { ViewerController, ViewerSnapshot } from './viewer-controller.js';
import type { StreamState } from './viewer-state.js';

interface PlayerProps {
  controller: ViewerController;
  snapshot: ViewerSnapshot & { state: StreamState };
  t: Translate<(typeof viewerStrings)['vi']>;
}

/**
 * The video stays mounted while the conference is live, through waiting and reconnecting, so the
 * player never loses its element. Muted autoplay is the only kind browsers allow without a tap.
 */
export function Player({ controller, snapshot, t }: PlayerProps) {
  const { state, muted, needsGesture } = snapshot;
  const playing = state.kind === 'playing';
  // A stable ref: a new function on every render would unbind and rebind the video each time.
  const bindVideo = useCallback(
    (video: HTMLVideoElement | null) => controller.bindVideo(video),
    [controller],
  );
  return (
    <div class="stage" data-state={state.kind}>
      <video
        ref={bindVideo}
        muted
        autoplay
        playsinline
        controls={playing}
        aria-label={t('videoLabel', { title: state.info.title })}
      />
      {playing ? (
        <span class="live-badge">{t('liveBadge')}</span>
      ) : (
        <span class="stage-wait" aria-hidden="true" />
      )}
      <div class="stage-actions">
        {needsGesture ? (
          <Button variant="primary" onClick={() => controller.resume()}>
            {t('play')}
          </Button>
        ) : null}
        {playing && muted ? (
          <Button variant="primary" onClick={() => controller.unmute()}>
            {t('unmute')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
