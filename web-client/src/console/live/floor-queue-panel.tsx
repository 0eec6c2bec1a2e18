import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang, useStrings } from '../../i18n/i18n.js';
import type { RoomSnapshot } from '../../room/room-state.js';
import { Button } from '../../ui/button.js';
import { formatTime } from '../../i18n/time.js';
import { liveStrings } from './strings.js';

type Entry = RoomSnapshot['floorQueue'][number];

interface FloorQueuePanelProps {
  entries: Entry[];
  onGrant: (entry: Entry) => void;
  onDismiss: (entry: Entry) => void;
}

/** The raised hands, oldest first; a newly raised hand is announced. */
export function FloorQueuePanel({ entries, onGrant, onDismiss }: FloorQueuePanelProps) {
  const t = useStrings(liveStrings);
  const lang = useLang();
  const seen = useRef(new Set<string>());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const fresh = entries.filter((e) => !seen.current.has(e.peerId));
    seen.current = new Set(entries.map((e) => e.peerId));
    if (fresh.length > 0) setAnnouncement(fresh.map((e) => t('floorRaised', { name: e.name })).join(' '));
  }, [entries, t]);
  return (
    <section class="panel floor-queue" aria-labelledby="floor-heading" data-testid="floor-queue">
      <h2 id="floor-heading">{t('floorHeading', { count: entries.length })}</h2>
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {entries.length === 0 ? (
        <p class="muted">{t('floorEmpty')}</p>
      ) : (
        <ol class="floor-list">
          {entries.map((entry) => (
            <li key={entry.peerId} class="floor-entry" data-testid={`floor-entry-${entry.pointId}`}>
              <span class="floor-name">{entry.name}</span>
              <span class="floor-since muted">
                {t('floorSince', { time: formatTime(entry.since, lang) })}
              </span>
              <span class="floor-actions">
                <Button
                  variant="primary"
                  aria-label={t('grantLabel', { name: entry.name })}
                  onClick={() => onGrant(entry)}
                  data-testid={`floor-grant-${entry.pointId}`}
                >
                  {t('grant')}
                </Button>
                <Button
                  aria-label={t('dismissLabel', { name: entry.name })}
                  onClick={() => onDismiss(entry)}
                  data-testid={`floor-dismiss-${entry.pointId}`}
                >
                  {t('dismiss')}
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
