import { useStrings } from '../../i18n/i18n.js';
import { liveStrings } from './strings.js';

/**
 * Where recording and going live will be controlled. They arrive with the
 * media-worker's recording and livestream processors; until then the section
 * says so and offers nothing to press.
 */
export function BroadcastPanel() {
  const t = useStrings(liveStrings);
  return (
    <section class="panel broadcast" aria-labelledby="broadcast-heading" data-testid="broadcast-panel">
      <h2 id="broadcast-heading">{t('broadcastHeading')}</h2>
      <p class="muted">{t('broadcastUnavailable')}</p>
    </section>
  );
}
