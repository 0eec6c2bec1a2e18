import { useStrings } from '../../i18n/i18n.js';
import type { PageInfo } from '../pagination.js';
import { consoleStrings } from '../strings.js';

interface PagerProps {
  info: PageInfo;
  /** The address of the page at an offset. */
  href: (offset: number) => string;
}

/** Previous and next as links, so that each page has an address and the back button works. */
export function Pager({ info, href }: PagerProps) {
  const t = useStrings(consoleStrings);
  if (info.pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t('pagination')}>
      {info.previousOffset !== undefined ? (
        <a href={href(info.previousOffset)} rel="prev">
          {t('previousPage')}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>{t('pageOf', { page: info.page, pages: info.pages })}</span>
      {info.nextOffset !== undefined ? (
        <a href={href(info.nextOffset)} rel="next">
          {t('nextPage')}
        </a>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
