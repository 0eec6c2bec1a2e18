import { useStrings } from '../i18n/i18n.js';
import { PageHeading } from '../ui/page-heading.js';
import { consoleStrings } from './strings.js';

export function NotFoundPage() {
  const t = useStrings(consoleStrings);
  return (
    <>
      <PageHeading title={t('notFoundTitle')} />
      <p>{t('notFoundBody')}</p>
      <p>
        <a href="#/">{t('backToList')}</a>
      </p>
    </>
  );
}
