import type { BroadcastStatus } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { broadcastStrings } from '../broadcast/strings.js';
import '../broadcast/broadcast.css';
import { LiveControl } from './live-control.js';
import { RecordControl } from './record-control.js';

interface BroadcastPanelProps {
  conferenceId: string;
  /** As the room last sent it; null until the server has (right after joining). */
  status: BroadcastStatus | null;
  hasWatchPage: boolean;
}

/** Recording and going live. Controls wait for the room's status, so they never offer the wrong action. */
export function BroadcastPanel({ conferenceId, status, hasWatchPage }: BroadcastPanelProps) {
  const t = useStrings(broadcastStrings);
  return (
    <section class="panel broadcast" aria-labelledby="broadcast-heading" data-testid="broadcast-panel">
      <h2 id="broadcast-heading">{t('broadcastHeading')}</h2>
      {status === null ? (
        <p class="muted">{t('broadcastWaiting')}</p>
      ) : (
        <>
          <RecordControl conferenceId={conferenceId} status={status} />
          <LiveControl conferenceId={conferenceId} status={status} hasWatchPage={hasWatchPage} />
        </>
      )}
    </section>
  );
}
