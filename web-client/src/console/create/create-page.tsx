import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { createConference } from '../../api/conferences.js';
import { getUnitTree } from '../../api/units.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { focusFirstInvalid } from '../../ui/focus-invalid.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { ErrorMessage } from '../error-message.js';
import { errorKey } from '../errors.js';
import { buildTreeIndex } from '../invite/tree-index.js';
import { toInvitation } from '../invite/tree-selection.js';
import { UnitTreePicker } from '../invite/unit-tree-picker.js';
import { navigate } from '../router.js';
import { consoleStrings } from '../strings.js';
import { useResource } from '../use-resource.js';
import { ConferenceFields } from './conference-fields.js';
import {
  type ConferenceFormErrors,
  type ConferenceFormValues,
  EMPTY_FORM,
  toConferenceCreate,
} from './conference-form.js';
import { WatchFields } from './watch-fields.js';

/** Schedule a conference: what, when, its watch page, and which bridge points are invited. */
export function CreatePage() {
  const t = useStrings(consoleStrings);
  const tree = useResource((signal) => getUnitTree(signal), []);
  const index = useMemo(() => tree.data && buildTreeIndex(tree.data.units), [tree.data]);
  const [values, setValues] = useState<ConferenceFormValues>(EMPTY_FORM);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<ConferenceFormErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const change = (patch: Partial<ConferenceFormValues>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    // An error stays only on the fields not touched since it was found.
    setErrors((previous) => omit(previous, Object.keys(patch)));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!index) return;
    setFailure(undefined);
    const result = toConferenceCreate(values, toInvitation(index, selected));
    if (!result.ok) {
      setErrors(result.errors);
      setFailure(t('fixErrors'));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await createConference(result.conference);
      navigate({ name: 'detail', id: created.id });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        // The only conflict on create: the watch address is taken.
        setErrors({ watchSlug: 'slugTaken' });
        setFailure(t('fixErrors'));
        focusFirstInvalid(formRef.current);
      } else if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && isUnknownInvite(error)) {
        setFailure(t('inviteUnknown'));
      } else {
        setFailure(t(errorKey(error)));
      }
    }
  };

  return (
    <>
      <PageHeading title={t('createTitle')} />
      <form ref={formRef} class="form form-wide" onSubmit={(event) => void submit(event)} noValidate>
        <ConferenceFields values={values} errors={errors} onChange={change} />
        <WatchFields values={values} errors={errors} onChange={change} />
        {tree.error !== undefined && <ErrorMessage error={tree.error} onRetry={tree.reload} />}
        {!index && tree.loading && <StatusMessage>{t('updating')}</StatusMessage>}
        {index && index.roots.length === 0 && <p>{t('unitsEmpty')}</p>}
        {index && index.roots.length > 0 && (
          <UnitTreePicker index={index} selected={selected} onChange={setSelected} />
        )}
        {index && selected.size === 0 && <p class="field-hint">{t('noInviteHint')}</p>}
        {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
        <div class="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!index}>
            {t('createSubmit')}
          </Button>
        </div>
      </form>
    </>
  );
}

/** The server names ids of units or points that no longer exist (docs/conferences.md). */
function isUnknownInvite(error: ApiError): boolean {
  const details = error.details as { unknownUnits?: unknown; unknownPoints?: unknown } | undefined;
  return Array.isArray(details?.unknownUnits) || Array.isArray(details?.unknownPoints);
}

function omit<T extends object>(value: T, keys: string[]): T {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key))) as T;
}
