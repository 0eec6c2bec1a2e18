import { useStrings } from '../../i18n/i18n.js';
import { Field } from '../../ui/field.js';
import { type ListFilters, STATUSES } from '../router.js';
import { STATUS_KEYS } from '../status-badge.js';
import { consoleStrings } from '../strings.js';

interface ListFiltersProps {
  filters: ListFilters;
  /** Called with the new filters; the page goes back to its first page. */
  onChange: (filters: ListFilters) => void;
}

/** Status, day and order; each change applies at once (no submit button to find). */
export function ListFiltersForm({ filters, onChange }: ListFiltersProps) {
  const t = useStrings(consoleStrings);
  const change = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch, offset: 0 });
  return (
    <form class="filters" aria-label={t('filters')} onSubmit={(event) => event.preventDefault()}>
      <Field label={t('status')}>
        {(control) => (
          <select
            {...control}
            value={filters.status ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              const status = STATUSES.find((s) => s === value);
              change({ status });
            }}
          >
            <option value="">{t('statusAll')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(STATUS_KEYS[status])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('day')}>
        {(control) => (
          <div class="inline-controls">
            <input
              {...control}
              type="date"
              value={filters.date ?? ''}
              onChange={(event) => change({ date: event.currentTarget.value || undefined })}
            />
            {filters.date && (
              <button type="button" class="btn btn-quiet" onClick={() => change({ date: undefined })}>
                {t('clearDay')}
              </button>
            )}
          </div>
        )}
      </Field>
      <Field label={t('order')}>
        {(control) => (
          <select
            {...control}
            value={filters.order}
            onChange={(event) => change({ order: event.currentTarget.value === 'asc' ? 'asc' : 'desc' })}
          >
            <option value="desc">{t('orderDesc')}</option>
            <option value="asc">{t('orderAsc')}</option>
          </select>
        )}
      </Field>
    </form>
  );
}
