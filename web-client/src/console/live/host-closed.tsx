import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { routeHref } from '../router.js';
import type { HostClosed } from './host-status.js';
import { liveStrings } from './strings.js';

type Key = keyof (typeof liveStrings)['vi'];

const MESSAGE: Record<HostClosed['kind'], Key> = {
  ended: 'closedEnded',
  left: 'closedLeft',
  replaced: 'closedReplaced',
  notLive: 'closedNotLive',
  session: 'closedSession',
  forbidden: 'closedForbidden',
  refused: 'closedRefused',
};

interface HostClosedScreenProps {
  closed: HostClosed;
  conferenceId: string;
  /** Opens a new connection to the room. */
  onAgain: () => void;
}

/** Why the console is out of the room; it takes focus so that the change is read out. */
export function HostClosedScreen({ closed, conferenceId, onAgain }: HostClosedScreenProps) {
  const t = useStrings(liveStrings);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const again: Key | null =
    closed.kind === 'replaced'
      ? 'useHere'
      : closed.kind === 'refused' || closed.kind === 'left'
        ? 'tryAgain'
        : null;
  return (
    <div
      class="closed-screen"
      role="alert"
      tabIndex={-1}
      ref={ref}
      data-testid={`console-closed-${closed.kind}`}
    >
      <p>{t(MESSAGE[closed.kind], closed.kind === 'refused' ? { code: closed.code } : {})}</p>
      <div class="actions">
        {again && (
          <Button variant="primary" onClick={onAgain}>
            {t(again)}
          </Button>
        )}
        {closed.kind === 'session' && (
          <Button variant="primary" onClick={() => location.reload()}>
            {t('signInAgain')}
          </Button>
        )}
        <a href={routeHref({ name: 'detail', id: conferenceId })}>{t('backToDetail')}</a>
      </div>
    </div>
  );
}
