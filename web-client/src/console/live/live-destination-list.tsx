import type { LiveDestinationStatus } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { destinationStateText, errorInfoText } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { retryCountdown } from './broadcast-view.js';

interface LiveDestinationListProps {
  destinations: LiveDestinationStatus[];
  /** When the status carrying these rows arrived: retry countdowns start from it. */
  receivedAt: number;
  now: number;
}

/** One row per destination of the running livestream: its state, the next retry, and why it failed. */
export function LiveDestinationList({ destinations, receivedAt, now }: LiveDestinationListProps) {
  const t = useStrings(broadcastStrings);
  return (
    <ul class="live-destinations">
      {destinations.map((destination) => {
        const countdown =
          destination.retryInMs === undefined
            ? undefined
            : retryCountdown(destination.retryInMs, receivedAt, now);
        return (
          <li
            key={destination.id}
            class={`live-destination dest-${destination.state}`}
            data-testid={`live-destination-row-${destination.id}`}
          >
            <span class="live-destination-name">{destination.name}</span>
            <span class="live-destination-state" data-testid={`live-destination-state-${destination.id}`}>
              <span class={`state-badge state-${destination.state}`}>
                {destinationStateText(destination, countdown, t)}
              </span>
              {destination.attempts > 1 && (
                <span class="muted"> · {t('liveAttempt', { n: destination.attempts })}</span>
              )}
            </span>
            {destination.error && destination.state !== 'live' && (
              <span class="broadcast-error live-destination-error">
                {errorInfoText(destination.error, t)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
