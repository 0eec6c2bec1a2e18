import type { Account } from '@diemcau/protocol';
import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { Layout } from '../ui/layout.js';
import { AccountMenu } from './account-menu.js';
import { PasswordPage } from './auth/password-page.js';
import { CertificatePage } from './certificate/certificate-page.js';
import { certificateStrings } from './certificate/strings.js';
import { CreatePage } from './create/create-page.js';
import { DestinationsPage } from './destinations/destinations-page.js';
import { DetailPage } from './detail/detail-page.js';
import { ListPage } from './list/list-page.js';
import { LiveRoute } from './live-route.js';
import { NotFoundPage } from './not-found-page.js';
import { type Route, useRoute } from './router.js';
import { SecurityPage } from './security/security-page.js';
import { consoleStrings } from './strings.js';

interface ShellProps {
  account: Account;
  onSignedOut: () => void;
}

/** The signed-in console: header with navigation and account, and the page of the current address. */
export function Shell({ account, onSignedOut }: ShellProps) {
  const route = useRoute();
  const t = useStrings(consoleStrings);
  const tc = useStrings(common);
  const tcert = useStrings(certificateStrings);
  const current = (name: Route['name']) => (route.name === name ? 'page' : undefined);
  return (
    <Layout
      brand={<a href="#/">{tc('appName')}</a>}
      nav={
        <>
          <nav class="main-nav" aria-label={t('mainNav')}>
            <a href="#/" aria-current={current('list')}>
              {t('navConferences')}
            </a>
            <a href="#/conferences/new" aria-current={current('create')}>
              {t('navCreate')}
            </a>
            <a href="#/destinations" aria-current={current('destinations')}>
              {t('navDestinations')}
            </a>
            <a href="#/certificate" aria-current={current('certificate')}>
              {tcert('nav')}
            </a>
          </nav>
          <AccountMenu account={account} current={route.name} onSignedOut={onSignedOut} />
        </>
      }
    >
      <Page route={route} />
    </Layout>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'list':
      return <ListPage filters={route.filters} />;
    case 'create':
      return <CreatePage />;
    case 'detail':
      // Keyed: another conference is a new page, not stale data of the previous one.
      return <DetailPage key={route.id} id={route.id} />;
    case 'live':
      return <LiveRoute key={route.id} conferenceId={route.id} />;
    case 'destinations':
      return <DestinationsPage />;
    case 'certificate':
      return <CertificatePage />;
    case 'password':
      return <PasswordPage />;
    case 'security':
      return <SecurityPage />;
    case 'notFound':
      return <NotFoundPage />;
  }
}
