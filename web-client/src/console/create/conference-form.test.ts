import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, toConferenceCreate } from './conference-form.js';

const invite = { units: ['d1'], points: ['p-c3a'] };

describe('toConferenceCreate', () => {
  it('builds the request body with trimmed text and the start as an instant', () => {
    const result = toConferenceCreate(
      {
        title: '  Hội nghị giao ban quý I  ',
        scheduledStart: '2030-01-02T08:30',
        description: ' Chuẩn bị báo cáo. ',
        watchAccess: 'public',
        watchSlug: 'giao-ban-quy-1',
      },
      invite,
    );
    expect(result).toEqual({
      ok: true,
      conference: {
        title: 'Hội nghị giao ban quý I',
        scheduledStart: new Date(2030, 0, 2, 8, 30).toISOString(),
        description: 'Chuẩn bị báo cáo.',
        invite,
        watchAccess: 'public',
        watchSlug: 'giao-ban-quy-1',
      },
    });
  });

  it('leaves out an empty description, and the slug when there is no watch page', () => {
    const result = toConferenceCreate(
      { ...EMPTY_FORM, title: 'Họp', scheduledStart: '2030-01-02T08:30', watchSlug: 'ignored' },
      invite,
    );
    expect(result.ok && result.conference).toEqual({
      title: 'Họp',
      scheduledStart: new Date(2030, 0, 2, 8, 30).toISOString(),
      invite,
      watchAccess: 'none',
    });
  });

  it('names each problem on its field', () => {
    expect(toConferenceCreate({ ...EMPTY_FORM, title: '   ' }, invite)).toEqual({
      ok: false,
      errors: { title: 'required', scheduledStart: 'required' },
    });
    expect(
      toConferenceCreate(
        {
          title: 'x'.repeat(201),
          scheduledStart: '02/01/2030 08:30',
          description: 'y'.repeat(5001),
          watchAccess: 'token',
          watchSlug: 'Chung Kết',
        },
        invite,
      ),
    ).toEqual({
      ok: false,
      errors: {
        title: 'titleTooLong',
        scheduledStart: 'startInvalid',
        description: 'descriptionTooLong',
        watchSlug: 'slugInvalid',
      },
    });
  });
});
