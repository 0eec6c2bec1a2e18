import { useEffect, useState } from 'preact/hooks';
import { useLang, useStrings } from '../i18n/i18n.js';
import { LanguageSwitch } from '../i18n/language-switch.js';
import { Player } from './player.js';
import { formatStart } from './schedule-time.js';
import { viewerStrings } from './strings.js';
import type { ViewerController, ViewerSnapshot } from './viewer-controller.js';
import { infoOf, wantsStream } from './viewer-state.js';

function useSnapshot(controller: ViewerController): ViewerSnapshot {
  const [snapshot, setSnapshot] = useState(controller.snapshot);
  useEffect(() => controller.subscribe(() => setSnapshot(controller.snapshot)), [controller]);
  return snapshot;
}

/** The watch page; `controller` is null when the address names no watch page. */
export function ViewerPage({ controller }: { controller: ViewerController | null }) {
  return controller ? <Watching controller={controller} /> : <Shell status="noSlug" />;
}

function Watching({ controller }: { controller: ViewerController }) {
  const snapshot = useSnapshot(controller);
  const t = useStrings(viewerStrings);
  const lang = useLang();
  const { state } = snapshot;
  const info = infoOf(state);
  const title = info?.title;

  useEffect(() => {
    document.title = title ? t('documentTitle', { title }) : t('pageTitle');
  }, [title, lang]); // `t` is a new function on every render; it changes with `lang`

  let status: string;
  if (state.kind === 'scheduled') status = t('scheduled', formatStart(state.info.scheduledStart, lang));
  else if (state.kind === 'ended') status = t(state.info.status === 'cancelled' ? 'cancelled' : 'ended');
  else if (wantsStream(state) && !snapshot.supported) status = t('unsupported');
  else status = t(state.kind);

  return (
    <main class="viewer" id="main">
      <Header title={title} />
      {wantsStream(state) && snapshot.supported ? (
        <Player controller={controller} snapshot={{ ...snapshot, state }} t={t} />
      ) : null}
      <p class="viewer-status" role="status" data-state={state.kind}>
        {status}
      </p>
      {info?.description ? <p class="viewer-description">{info.description}</p> : null}
    </main>
  );
}

function Shell({ status }: { status: 'noSlug' }) {
  const t = useStrings(viewerStrings);
  return (
    <main class="viewer" id="main">
      <Header title={undefined} />
      <p class="viewer-status" role="status" data-state={status}>
        {t(status)}
      </p>
    </main>
  );
}

function Header({ title }: { title: string | undefined }) {
  const t = useStrings(viewerStrings);
  return (
    <header class="viewer-header">
      <h1>{title ?? t('pageTitle')}</h1>
      <LanguageSwitch />
    </header>
  );
}
