import { useEffect, useState } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { Button } from '../ui/button.js';
import { StatusMessage } from '../ui/status-message.js';
import type * as LiveModule from './live/live-console.js';
import { consoleStrings } from './strings.js';

/**
 * `#/conferences/<id>/live`, loaded on first use: the live console brings
 * mediasoup-client and socket.io, which the list, create and detail pages
 * need not download.
 */
export function LiveRoute({ conferenceId }: { conferenceId: string }) {
  const t = useStrings(consoleStrings);
  const tc = useStrings(common);
  const [live, setLive] = useState<typeof LiveModule>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./live/live-console.js').then(setLive, () => setFailed(true));
  }, []);
  if (live) return <live.LiveConsole conferenceId={conferenceId} />;
  if (!failed) return <StatusMessage>{tc('loading')}</StatusMessage>;
  return (
    <StatusMessage kind="error">
      <p>{t('errorNetwork')}</p>
      {/* A reload also picks up a newer build whose files replaced the ones this page knew. */}
      <Button onClick={() => location.reload()}>{tc('retry')}</Button>
    </StatusMessage>
  );
}
