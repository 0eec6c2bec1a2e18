import { useStrings } from '../../i18n/i18n.js';
import { DevicePicker } from '../../media/device-picker.js';
import { MediaNotice } from '../../media/media-notice.js';
import { MicLevelMeter } from '../../media/mic-level-meter.js';
import { mediaStrings } from '../../media/strings.js';
import { TrackVideo } from '../../media/track-video.js';
import type { LocalMedia } from '../../media/use-local-media.js';
import type { RoomSnapshot } from '../../room/room-state.js';
import { Button } from '../../ui/button.js';
import { liveStrings } from './strings.js';

interface HostMediaPanelProps {
  media: LocalMedia;
  local: RoomSnapshot['local'];
  sharing: boolean;
  shareError: boolean;
  onMic: (paused: boolean) => void;
  onCamera: (paused: boolean) => void;
  onShare: () => void;
  onStopShare: () => void;
}

/** The host's own camera and microphone (which device, on or off, the preview) and screen sharing. */
export function HostMediaPanel(props: HostMediaPanelProps) {
  const { media, local, sharing, shareError, onMic, onCamera, onShare, onStopShare } = props;
  const t = useStrings(liveStrings);
  const tm = useStrings(mediaStrings);
  const micLive = !local.mic.paused;
  const cameraLive = !local.camera.paused;
  return (
    <section class="panel host-media" aria-labelledby="host-media-heading" data-testid="host-media">
      <h2 id="host-media-heading">{t('hostMediaHeading')}</h2>
      <MediaNotice media={media} pickerShown />
      <div class="host-preview">
        {media.camera.track && cameraLive ? (
          <TrackVideo track={media.camera.track} label={t('hostPreview')} mirror testId="host-preview" />
        ) : (
          <div class="video-placeholder">{tm('cameraOff')}</div>
        )}
      </div>
      <MicLevelMeter
        track={micLive ? media.mic.track : null}
        label={t('hostMicLevel')}
        testId="host-mic-level"
      />
      <div class="host-media-controls">
        <Button
          variant={micLive ? 'secondary' : 'danger'}
          disabled={!media.mic.track}
          onClick={() => onMic(micLive)}
          data-testid="host-mic-toggle"
        >
          {t(micLive ? 'micMute' : 'micUnmute')}
        </Button>
        <Button
          variant={cameraLive ? 'secondary' : 'danger'}
          disabled={!media.camera.track}
          onClick={() => onCamera(cameraLive)}
          data-testid="host-camera-toggle"
        >
          {t(cameraLive ? 'cameraStop' : 'cameraStart')}
        </Button>
        <Button
          variant={sharing ? 'primary' : 'secondary'}
          onClick={sharing ? onStopShare : onShare}
          data-testid="host-share-toggle"
        >
          {t(sharing ? 'stopShare' : 'shareScreen')}
        </Button>
      </div>
      <p class="host-share-status" role="status">
        {sharing ? t('sharing') : shareError ? t('shareFailed') : ''}
      </p>
      <DevicePicker media={media} />
    </section>
  );
}
