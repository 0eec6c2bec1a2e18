// The account's sessions, each but this one with a button that ends it.
import type { SessionInfo } from '@diemcau/protocol';
import { useEffect, useState } from 'preact/hooks';
import { listSessions, revokeSession } from '../../api/two-factor.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { formatDateTime } from '../../i18n/time.js';
import { Button } from '../../ui/button.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';
import { securityStrings } from './strings.js';

export function SessionsSection() {
  const t = useStrings(securityStrings);
  const tc = useStrings(consoleStrings);
  const lang = useLang();
  const [sessions, setSessions] = useState<SessionInfo[]>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const load = () => listSessions().then(setSessions, (error: unknown) => setFailure(tc(errorKey(error))));
  useEffect(() => void load(), []);

  const revoke = async (id: string) => {
    setBusy(id);
    setFailure(undefined);
    try {
      await revokeSession(id);
      await load();
    } catch (error) {
      setFailure(tc(errorKey(error)));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section>
      <h2>{t('sessionsHeading')}</h2>
      <p>{t('sessionsIntro')}</p>
      {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
      {!sessions && !failure && <StatusMessage>{t('loading')}</StatusMessage>}
      {sessions && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('sessionStarted')}</th>
              <th scope="col">{t('sessionEnds')}</th>
              <th scope="col">{t('sessionFrom')}</th>
              <th scope="col">{t('sessionAgent')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid={`session-${s.current ? 'current' : s.id}`}>
                <td>{formatDateTime(s.createdAt, lang)}</td>
                <td>{formatDateTime(s.expiresAt, lang)}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{s.userAgent ?? '—'}</td>
                <td>
                  {s.current ? (
                    t('thisSession')
                  ) : (
                    <Button variant="danger" busy={busy === s.id} onClick={() => void revoke(s.id)}>
                      {t('revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
