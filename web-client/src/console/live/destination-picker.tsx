import type { Destination } from '@diemcau/protocol';
import { common } from '../../i18n/common.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { StatusMessage } from '../../ui/status-message.js';
import { PLATFORM_KEYS } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import { routeHref } from '../router.js';
import type { Resource } from '../use-resource.js';

interface DestinationPickerProps {
  destinations: Resource<{ items: Destination[] }> & { reload: () => void };
  selected: ReadonlySet<string>;
  disabled: boolean;
  onChange: (selected: ReadonlySet<string>) => void;
}

/**
 * Which destinations to go live to. They are managed on their own page, in a
 * new tab: leaving the live console would take the host out of the room.
 */
export function DestinationPicker({ destinations, selected, disabled, onChange }: DestinationPickerProps) {
  const t = useStrings(broadcastStrings);
  const tc = useStrings(common);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  const items = destinations.data?.items;
  return (
    <fieldset class="destination-picker" aria-busy={destinations.loading}>
      <legend>{t('liveTargets')}</legend>
      {destinations.error !== undefined && (
        <ErrorMessage error={destinations.error} onRetry={destinations.reload} />
      )}
      {!items && destinations.loading && <StatusMessage>{tc('loading')}</StatusMessage>}
      {items?.length === 0 && <p class="muted">{t('liveNoDestinations')}</p>}
      {items && items.length > 0 && (
        <ul class="destination-choices">
          {items.map((destination) => (
            <li key={destination.id}>
              <label class="radio">
                <input
                  type="checkbox"
                  checked={destination.streamKeySet && selected.has(destination.id)}
                  disabled={disabled || !destination.streamKeySet}
                  onChange={(event) => toggle(destination.id, event.currentTarget.checked)}
                  data-testid={`live-destination-${destination.id}`}
                />
                <span>
                  {destination.name}{' '}
                  <span class="muted">
                    ({t(PLATFORM_KEYS[destination.platform])}
                    {!destination.streamKeySet && `: ${t('liveKeyUnreadable')}`})
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p class="destination-links">
        <a href={routeHref({ name: 'destinations' })} target="_blank" rel="noopener">
          {t('liveManage')}
        </a>
        <Button variant="quiet" busy={destinations.loading} onClick={destinations.reload}>
          {t('liveReload')}
        </Button>
      </p>
    </fieldset>
  );
}
