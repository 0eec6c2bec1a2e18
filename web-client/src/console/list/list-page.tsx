import { listConferences } from '../../api/conferences.js';
import { useStrings } from '../../i18n/i18n.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { ErrorMessage } from '../error-message.js';
import { pageInfo } from '../pagination.js';
import { type ListFilters, navigate, routeHref } from '../router.js';
import { consoleStrings } from '../strings.js';
import { useResource } from '../use-resource.js';
import { ConferenceTable } from './conference-table.js';
import { ListFiltersForm } from './list-filters.js';
import { listQuery, PAGE_SIZE } from './list-query.js';
import { Pager } from './pager.js';

/** Conferences filtered by status and day, a page at a time; the filters live in the address. */
export function ListPage({ filters }: { filters: ListFilters }) {
  const t = useStrings(consoleStrings);
  const key = routeHref({ name: 'list', filters });
  const page = useResource((signal) => listConferences(listQuery(filters), signal), [key]);
  const info = page.data && pageInfo(page.data.total, PAGE_SIZE, filters.offset);
  return (
    <>
      <PageHeading title={t('listTitle')}>
        <a class="btn btn-primary" href={routeHref({ name: 'create' })}>
          {t('navCreate')}
        </a>
      </PageHeading>
      <ListFiltersForm filters={filters} onChange={(next) => navigate({ name: 'list', filters: next })} />
      {page.error !== undefined && <ErrorMessage error={page.error} onRetry={page.reload} />}
      {page.loading && <StatusMessage>{t('updating')}</StatusMessage>}
      {page.data && info && (
        <section aria-busy={page.loading}>
          {page.data.items.length === 0 ? (
            <p>{t('listEmpty')}</p>
          ) : (
            <>
              <p>{t('listRange', { first: info.first, last: info.last, total: page.data.total })}</p>
              <ConferenceTable items={page.data.items} caption={t('listTitle')} />
            </>
          )}
          <Pager
            info={info}
            href={(offset) => routeHref({ name: 'list', filters: { ...filters, offset } })}
          />
        </section>
      )}
    </>
  );
}
