import type { ConferenceCreate, Invitation } from '@diemcau/protocol';
import { localInputToIso } from '../../i18n/time.js';

export type WatchAccess = NonNullable<ConferenceCreate['watchAccess']>;
export const WATCH_ACCESS: readonly WatchAccess[] = ['none', 'public', 'token'];

export interface ConferenceFormValues {
  title: string;
  /** `<input type="datetime-local">` value, local time. */
  scheduledStart: string;
  description: string;
  watchAccess: WatchAccess;
  watchSlug: string;
}

export const EMPTY_FORM: ConferenceFormValues = {
  title: '',
  scheduledStart: '',
  description: '',
  watchAccess: 'none',
  watchSlug: '',
};

export type ConferenceFormErrors = Partial<
  Record<
    keyof ConferenceFormValues,
    'required' | 'titleTooLong' | 'startInvalid' | 'descriptionTooLong' | 'slugInvalid' | 'slugTaken'
  >
>;

// The limits of ConferenceCreate in the protocol.
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 5000;
const SLUG = /^[a-z0-9-]{3,64}$/;

export type FormResult =
  { ok: true; conference: ConferenceCreate } | { ok: false; errors: ConferenceFormErrors };

/** Checks the form as the server would and builds the request body; an empty slug lets the server pick one. */
export function toConferenceCreate(values: ConferenceFormValues, invite: Invitation): FormResult {
  const errors: ConferenceFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'required';
  else if (title.length > TITLE_MAX) errors.title = 'titleTooLong';
  const scheduledStart = localInputToIso(values.scheduledStart);
  if (!values.scheduledStart) errors.scheduledStart = 'required';
  else if (!scheduledStart) errors.scheduledStart = 'startInvalid';
  const description = values.description.trim();
  if (description.length > DESCRIPTION_MAX) errors.description = 'descriptionTooLong';
  const slug = values.watchSlug.trim();
  const withPage = values.watchAccess !== 'none';
  if (withPage && slug && !SLUG.test(slug)) errors.watchSlug = 'slugInvalid';
  if (Object.keys(errors).length > 0 || !scheduledStart) return { ok: false, errors };
  return {
    ok: true,
    conference: {
      title,
      scheduledStart,
      invite,
      ...(description ? { description } : {}),
      watchAccess: values.watchAccess,
      ...(withPage && slug ? { watchSlug: slug } : {}),
    },
  };
}
