import type { BroadcastStatus, LiveStatus } from '@diemcau/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { listDestinations } from '../../api/destinations.js';
import { startLive, stopLive } from '../../api/live.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { formatClock } from '../broadcast/format.js';
import { DESTINATION_STATE_KEYS, LIVE_STATE_KEYS, errorInfoText } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import { useResource } from '../use-resource.js';
import {
  type Answer,
  canGoLive,
  chosenDestinations,
  latest,
  liveBusy,
  liveClock,
  liveRunning,
} from './broadcast-view.js';
import { DestinationPicker } from './destination-picker.js';
import { LiveDestinationList } from './live-destination-list.js';
import { useArrivalTime, useNow } from './use-clock.js';
import { useRefocus } from './use-refocus.js';

interface LiveControlProps {
  conferenceId: string;
  status: BroadcastStatus;
  /** The conference has a watch page, which every livestream feeds. */
  hasWatchPage: boolean;
}

/** Go live to the watch page and chosen destinations, follow each of them, and stop (after asking). */
export function LiveControl({ conferenceId, status, hasWatchPage }: LiveControlProps) {
  const t = useStrings(broadcastStrings);
  const statusRef = useRef(status);
  statusRef.current = status;
  const [answer, setAnswer] = useState<Answer<LiveStatus> | null>(null);
  const live = latest(status.live, status, answer);
  const receivedAt = useArrivalTime(live);
  const retrying = live?.destinations.some((d) => d.state === 'retrying') ?? false;
  const now = useNow(liveRunning(live) || retrying);

  const destinations = useResource((signal) => listDestinations(signal), []);
  // Destinations are managed in another tab: coming back here shows what changed there.
  const { reload } = destinations;
  useEffect(() => {
    const onFocus = () => reload();
    addEventListener('focus', onFocus);
    return () => removeEventListener('focus', onFocus);
  }, [reload]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = chosenDestinations(selected, destinations.data?.items ?? []);

  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [stopFailure, setStopFailure] = useState<unknown>();
  const actionsRef = useRefocus<HTMLDivElement>(busy);

  const start = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const started = await startLive(conferenceId, { destinationIds: chosen });
      setAnswer({ value: started, basis: statusRef.current });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  // A failure keeps the dialog open and says why inside it, where the host is looking.
  const stop = async () => {
    setBusy(true);
    setStopFailure(undefined);
    try {
      const stopping = await stopLive(conferenceId);
      setAnswer({ value: stopping, basis: statusRef.current });
      setConfirming(false);
    } catch (error) {
      setStopFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const active = liveBusy(live);
  return (
    <section class="broadcast-part" aria-labelledby="live-heading" data-testid="live-control">
      <h3 id="live-heading">{t('liveHeading')}</h3>
      <LiveAnnouncer live={live} />
      {live === null ? (
        <p class="muted">{t('liveIdle')}</p>
      ) : (
        <dl class="broadcast-stats">
          <div>
            <dt>{t('liveState')}</dt>
            <dd>
              <span class={`state-badge state-${live.state}`} data-testid="live-state">
                {t(LIVE_STATE_KEYS[live.state])}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('statTime')}</dt>
            <dd>
              <span role="timer" data-testid="live-clock">
                {formatClock(liveClock(live, now))}
              </span>
            </dd>
          </div>
          {live.hlsUrl && active && (
            <div class="broadcast-stat-wide">
              <dt>{t('liveHls')}</dt>
              <dd>
                <a href={live.hlsUrl} target="_blank" rel="noopener" class="break-all" data-testid="live-hls">
                  {new URL(live.hlsUrl, location.origin).href}
                </a>
              </dd>
            </div>
          )}
        </dl>
      )}
      {live?.slate && active && (
        <p class="broadcast-note" data-testid="live-slate">
          {t('liveSlate')}
        </p>
      )}
      {live?.hlsWarning && active && <p class="broadcast-note">{errorInfoText(live.hlsWarning, t)}</p>}
      {live?.state === 'stopped' && <p class="muted">{t('liveStopped')}</p>}
      {live?.error && (
        <p class="broadcast-error" data-testid="live-error">
          {t('liveFailed', { error: errorInfoText(live.error, t) })}
        </p>
      )}
      {live && active && live.destinations.length > 0 && (
        <>
          <h4>{t('liveDestinations')}</h4>
          <LiveDestinationList destinations={live.destinations} receivedAt={receivedAt} now={now} />
        </>
      )}
      {!active && (
        <>
          <DestinationPicker
            destinations={destinations}
            selected={selected}
            disabled={busy}
            onChange={setSelected}
          />
          <p class="field-hint">{t(hasWatchPage ? 'liveWatchPage' : 'liveNeedDestination')}</p>
        </>
      )}
      <div class="broadcast-actions" ref={actionsRef}>
        {/* One slot for both, so the button keeps keyboard focus as it turns from start to stop. */}
        {!active ? (
          <Button
            variant="primary"
            busy={busy}
            disabled={!canGoLive(chosen.length, hasWatchPage)}
            onClick={() => void start()}
            data-testid="live-start"
          >
            {t('liveStart')}
          </Button>
        ) : (
          <Button
            variant="danger"
            disabled={live?.state === 'stopping'}
            onClick={() => {
              setStopFailure(undefined);
              setConfirming(true);
            }}
            data-testid="live-stop"
          >
            {t('liveStop')}
          </Button>
        )}
      </div>
      {failure !== undefined && (
        <ErrorMessage error={failure} messages={{ errorConflict: t('liveConflict') }} detailed />
      )}
      <ConfirmDialog
        open={confirming}
        title={t('liveStopTitle')}
        confirmLabel={t('liveStop')}
        danger
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void stop()}
      >
        <p>{t('liveStopBody')}</p>
        {stopFailure !== undefined && (
          <ErrorMessage error={stopFailure} messages={{ errorNotFound: t('liveStopped') }} detailed />
        )}
      </ConfirmDialog>
    </section>
  );
}

/**
 * Reads out state changes of the livestream and its destinations. Clocks and
 * countdowns stay out of it, or it would speak every second.
 */
function LiveAnnouncer({ live }: { live: LiveStatus | null }) {
  const t = useStrings(broadcastStrings);
  const text =
    live === null
      ? ''
      : [
          t('liveAnnounce', { state: t(LIVE_STATE_KEYS[live.state]) }),
          ...live.destinations.map((d) =>
            t('destAnnounce', { name: d.name, state: t(DESTINATION_STATE_KEYS[d.state]) }),
          ),
        ].join(' ');
  return (
    <p class="visually-hidden" aria-live="polite">
      {text}
    </p>
  );
}
