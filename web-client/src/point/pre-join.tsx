import { useState } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { DevicePicker } from '../media/device-picker.js';
import { MediaNotice } from '../media/media-notice.js';
import { MicLevelMeter } from '../media/mic-level-meter.js';
import { mediaStrings } from '../media/strings.js';
import { TrackVideo } from '../media/track-video.js';
import type { LocalMedia } from '../media/use-local-media.js';
import { Button } from '../ui/button.js';
import { HeadcountField } from './headcount-field.js';
import { parseHeadcount } from './headcount.js';
import { pointStrings } from './strings.js';

interface PreJoinProps {
  media: LocalMedia;
  /** A conference is live: the Join button works. */
  canJoin: boolean;
  onJoin: (headcount: number | null) => void;
}

/** Camera and microphone choice with a live preview and level, the hall's headcount, and Join. */
export function PreJoin({ media, canJoin, onJoin }: PreJoinProps) {
  const t = useStrings(pointStrings);
  const tm = useStrings(mediaStrings);
  const [headcount, setHeadcount] = useState('');
  const [touched, setTouched] = useState(false);
  const parsed = parseHeadcount(headcount);
  // Without a secure context no device can open: joining would only wait for media that never comes.
  const insecure = media.camera.error === 'insecure' || media.mic.error === 'insecure';
  const submit = (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (parsed.ok && canJoin) onJoin(parsed.value);
  };
  return (
    <section class="prejoin" aria-labelledby="prejoin-heading">
      <h2 id="prejoin-heading">{t('setupHeading')}</h2>
      <MediaNotice media={media} pickerShown />
      <div class="prejoin-layout">
        <div class="prejoin-preview">
          {media.camera.track ? (
            <TrackVideo
              track={media.camera.track}
              label={tm('previewLabel')}
              mirror
              testId="prejoin-preview"
            />
          ) : (
            <div class="video-placeholder" data-testid="prejoin-preview-off">
              {tm('cameraOff')}
            </div>
          )}
          <MicLevelMeter track={media.mic.track} label={tm('micLevel')} testId="prejoin-mic-level" />
        </div>
        <form class="prejoin-form" onSubmit={submit} noValidate>
          <DevicePicker media={media} />
          <HeadcountField
            value={headcount}
            hint={t('headcountHint')}
            invalid={touched && !parsed.ok}
            testId="prejoin-headcount"
            onInput={setHeadcount}
            onBlur={() => setTouched(true)}
          />
          <Button
            type="submit"
            variant="primary"
            disabled={!canJoin || insecure}
            aria-describedby={canJoin ? undefined : 'join-when-live'}
            data-testid="join-button"
          >
            {t('join')}
          </Button>
          {!canJoin && (
            <p id="join-when-live" class="field-hint">
              {t('joinWhenLive')}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}
