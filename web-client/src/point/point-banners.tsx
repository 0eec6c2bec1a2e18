import { useStrings, type Translate } from '../i18n/i18n.js';
import type { PointBanner } from './banners.js';
import { pointStrings } from './strings.js';

type T = Translate<(typeof pointStrings)['vi']>;

function text(banner: PointBanner, t: T): string {
  switch (banner.kind) {
    case 'connecting':
      return t('bannerConnecting');
    case 'reconnecting':
      return banner.attempts > 0
        ? t('bannerReconnectingAttempts', { attempts: banner.attempts })
        : t('bannerReconnecting');
    case 'mutedByHost':
      return banner.mayUnmute === false ? t('bannerMutedHeld') : t('bannerMutedByHost');
    case 'cameraOffByHost':
      return t('bannerCameraOffByHost');
    case 'onProgramme':
      return banner.reason === 'spotlight' ? t('bannerOnProgrammeSpotlight') : t('bannerOnProgrammeSpeaker');
    case 'handRaised':
      return t('bannerHandRaised');
  }
}

/** Losing the connection and the host's actions interrupt; the rest is said politely. */
const URGENT: ReadonlySet<PointBanner['kind']> = new Set(['reconnecting', 'mutedByHost', 'cameraOffByHost']);

/**
 * The room's states as banners, in two live regions that are always in the
 * page (a region added together with its text is not announced).
 */
export function PointBanners({ banners }: { banners: PointBanner[] }) {
  const t = useStrings(pointStrings);
  const render = (list: PointBanner[]) =>
    list.map((b) => (
      <p
        key={b.kind}
        class={`banner banner-${URGENT.has(b.kind) ? 'warn' : 'info'}`}
        data-testid={`banner-${b.kind}`}
      >
        {text(b, t)}
      </p>
    ));
  return (
    <div class="banners">
      <div aria-live="assertive" aria-atomic="false">
        {render(banners.filter((b) => URGENT.has(b.kind)))}
      </div>
      <div aria-live="polite" aria-atomic="false">
        {render(banners.filter((b) => !URGENT.has(b.kind)))}
      </div>
    </div>
  );
}
