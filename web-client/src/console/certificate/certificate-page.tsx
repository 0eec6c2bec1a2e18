// `#/certificate`: how halls on other machines reach the server over https, and the root certificate to install.
import type { TlsStatus } from '@diemcau/protocol';
import { getTlsStatus, ROOT_CA_URL } from '../../api/tls.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { ErrorMessage } from '../error-message.js';
import { formatDateTime } from '../../i18n/time.js';
import { useResource } from '../use-resource.js';
import { certificateStrings } from './strings.js';
import './certificate.css';

const SYSTEMS = [
  ['windows', 'windowsSteps'],
  ['macos', 'macosSteps'],
  ['android', 'androidSteps'],
  ['ios', 'iosSteps'],
] as const;

function MadeRoot({ status }: { status: TlsStatus }) {
  const t = useStrings(certificateStrings);
  const lang = useLang();
  const root = status.rootCa;
  // Plain http on the same port hands out the root too: a hall that has not installed it gets no warning there.
  const url = `http://${location.host}${ROOT_CA_URL}`;
  return (
    <>
      <p>
        <strong>{t('madeTitle')}</strong> {t('madeBody')}
      </p>
      <p>
        <a class="btn btn-primary" href={ROOT_CA_URL} download data-testid="root-ca-download">
          {t('download')}
        </a>
      </p>
      <p class="field-hint">{t('downloadHint', { url })}</p>
      {root && (
        <dl class="certificate-facts">
          <dt>{t('fingerprint')}</dt>
          <dd>
            <code data-testid="root-ca-fingerprint">{root.fingerprint256}</code>
          </dd>
          <dd>{t('validTo', { date: formatDateTime(root.validTo, lang) })}</dd>
          <dd>{t('names', { names: status.names.join(', ') })}</dd>
        </dl>
      )}
      <h2>{t('howTo')}</h2>
      <dl class="certificate-steps">
        {SYSTEMS.map(([system, steps]) => (
          <div key={system}>
            <dt>{t(system)}</dt>
            <dd>{t(steps)}</dd>
          </div>
        ))}
      </dl>
      <p class="field-hint">{t('firefox')}</p>
      <p class="field-hint">{t('keyNote')}</p>
    </>
  );
}

export function CertificatePage() {
  const t = useStrings(certificateStrings);
  const status = useResource((signal) => getTlsStatus(signal), []);
  return (
    <section class="certificate-page" data-testid="certificate-page">
      <PageHeading title={t('heading')} />
      <p>{t('why')}</p>
      {status.error !== undefined && <ErrorMessage error={status.error} onRetry={status.reload} />}
      {!status.data && status.loading && <StatusMessage>{t('loading')}</StatusMessage>}
      {status.data?.source === 'off' && (
        <p data-testid="tls-off">
          <strong>{t('offTitle')}</strong> {t('offBody')}
        </p>
      )}
      {status.data?.source === 'given' && (
        <p data-testid="tls-given">
          <strong>{t('givenTitle')}</strong> {t('givenBody')}
        </p>
      )}
      {status.data?.source === 'made' && <MadeRoot status={status.data} />}
    </section>
  );
}
