import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { Layout } from '../ui/layout.js';
import { StatusMessage } from '../ui/status-message.js';
import { LoginPage } from './auth/login-page.js';
import { ErrorMessage } from './error-message.js';
import { useSession } from './session.js';
import { Shell } from './shell.js';
import { consoleStrings } from './strings.js';

/** The host console: sign-in until there is a session, then the pages. */
export function App() {
  const { session, retry, signedIn, signedOut } = useSession();
  const t = useStrings(consoleStrings);
  const tc = useStrings(common);
  if (session.status === 'signedIn') return <Shell account={session.account} onSignedOut={signedOut} />;
  return (
    <Layout brand={<span>{tc('appName')}</span>}>
      {session.status === 'checking' && <StatusMessage>{t('checkingSession')}</StatusMessage>}
      {session.status === 'unreachable' && <ErrorMessage error={session.error} onRetry={retry} />}
      {session.status === 'signedOut' && <LoginPage expired={session.expired} onSignedIn={signedIn} />}
    </Layout>
  );
}
