import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import type { ClosedScreen as Screen } from './banners.js';
import { pointStrings } from './strings.js';

type Key = keyof (typeof pointStrings)['vi'];

const MESSAGE: Record<Screen['kind'], Key> = {
  left: 'closedLeft',
  removed: 'closedRemoved',
  replaced: 'closedReplaced',
  ended: 'closedEnded',
  linkInvalid: 'closedLinkInvalid',
  notAllowed: 'closedNotAllowed',
  locked: 'closedLocked',
  refused: 'closedRefused',
};

/** What the hall may do next; nothing where another attempt cannot help (removed, link gone). */
const NEXT: Partial<Record<Screen['kind'], Key>> = {
  left: 'rejoin',
  replaced: 'takeOver',
  ended: 'waitForNext',
  locked: 'tryAgain',
  refused: 'tryAgain',
};

/** Why the hall is out of the room; it takes focus, so that the change is read out at once. */
export function ClosedScreen({ screen, onAgain }: { screen: Screen; onAgain: () => void }) {
  const t = useStrings(pointStrings);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const next = NEXT[screen.kind];
  return (
    <div class="closed-screen" role="alert" tabIndex={-1} ref={ref} data-testid={`closed-${screen.kind}`}>
      <p>{t(MESSAGE[screen.kind], screen.kind === 'refused' ? { code: screen.code } : {})}</p>
      {next && (
        <Button variant="primary" onClick={onAgain} data-testid="closed-again">
          {t(next)}
        </Button>
      )}
    </div>
  );
}
