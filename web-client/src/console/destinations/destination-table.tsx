import type { Destination } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { PLATFORM_KEYS } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';

interface DestinationTableProps {
  destinations: Destination[];
  onSetKey: (destination: Destination) => void;
  onDelete: (destination: Destination) => void;
}

/** The destinations with their server and the masked end of their key; never the key itself. */
export function DestinationTable({ destinations, onSetKey, onDelete }: DestinationTableProps) {
  const t = useStrings(broadcastStrings);
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="destinations-list-title">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('colName')}</th>
            <th scope="col">{t('colPlatform')}</th>
            <th scope="col">{t('colServer')}</th>
            <th scope="col">{t('colStreamKey')}</th>
            <th scope="col">{t('colActions')}</th>
          </tr>
        </thead>
        <tbody>
          {destinations.map((destination) => (
            <tr key={destination.id} data-testid={`destination-${destination.id}`}>
              <th scope="row">{destination.name}</th>
              <td>{t(PLATFORM_KEYS[destination.platform])}</td>
              <td class="break-all">{destination.url}</td>
              <td>
                {destination.streamKeySet ? (
                  <code>{destination.streamKeyHint}</code>
                ) : (
                  <strong class="text-danger">{t('keyUnreadable')}</strong>
                )}
              </td>
              <td>
                <div class="row-actions">
                  <Button
                    aria-label={t('setKeyLabel', { name: destination.name })}
                    onClick={() => onSetKey(destination)}
                  >
                    {t('setKey')}
                  </Button>
                  <Button
                    variant="danger"
                    aria-label={t('deleteDestinationLabel', { name: destination.name })}
                    onClick={() => onDelete(destination)}
                  >
                    {t('deleteDestination')}
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
