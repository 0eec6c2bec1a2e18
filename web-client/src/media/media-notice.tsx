// Why the page has no camera or microphone, said plainly with what to do, where the page would otherwise just wait.
import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { ERROR_KEYS } from './device-picker.js';
import { secureAddress } from './media-access.js';
import { mediaStrings } from './strings.js';
import type { LocalMedia } from './use-local-media.js';
import './media-notice.css';

interface MediaNoticeProps {
  media: LocalMedia;
  /** The device picker is on the page and names each device's trouble itself: only the insecure page is said here. */
  pickerShown?: boolean;
}

export function MediaNotice({ media, pickerShown = false }: MediaNoticeProps) {
  const t = useStrings(mediaStrings);
  if (media.camera.error === 'insecure' || media.mic.error === 'insecure') {
    const secure = secureAddress(location);
    return (
      <div class="media-notice" role="alert" data-testid="media-insecure">
        <p class="media-notice-title">{t('insecureTitle')}</p>
        <p>{t('insecureWhy', { origin: location.origin })}</p>
        <p>{t('insecureWhat')}</p>
        {secure && (
          <p>
            <a href={secure} data-testid="media-insecure-https">
              {t('insecureTry')}
            </a>
          </p>
        )}
      </div>
    );
  }
  if (pickerShown) return null;
  const problems = [
    media.camera.error && t(ERROR_KEYS[media.camera.error], { device: t('deviceCamera') }),
    media.mic.error && t(ERROR_KEYS[media.mic.error], { device: t('deviceMic') }),
  ].filter((problem): problem is string => Boolean(problem));
  if (problems.length === 0) return null;
  return (
    <div class="media-notice" role="alert" data-testid="media-problem">
      <p class="media-notice-title">{t('problemTitle')}</p>
      {problems.map((problem) => (
        <p key={problem}>{problem}</p>
      ))}
      <Button onClick={media.retry}>{t('retryDevices')}</Button>
    </div>
  );
}
