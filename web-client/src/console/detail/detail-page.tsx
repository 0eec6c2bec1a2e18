import type { ConferenceDetail } from '@diemcau/protocol';
import { getConference } from '../../api/conferences.js';
import { useStrings } from '../../i18n/i18n.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { AttendanceReport } from '../attendance/attendance-report.js';
import { ErrorMessage } from '../error-message.js';
import { RecordingsSection } from '../recordings/recordings-section.js';
import { StatusBadge } from '../status-badge.js';
import { consoleStrings } from '../strings.js';
import { useResource } from '../use-resource.js';
import { ConferenceSummary } from './conference-summary.js';
import { InvitedPoints } from './invited-points.js';
import { LifecycleActions } from './lifecycle-actions.js';
import { ViewerLink } from './viewer-link.js';

/** How often the invited points' connection state is refreshed while the conference is live. */
const LIVE_REFRESH_MS = 5_000;
const refreshWhileLive = (conference: ConferenceDetail) =>
  conference.status === 'live' ? LIVE_REFRESH_MS : undefined;

/**
 * One conference: its times, lifecycle buttons, invited points, watch page,
 * recordings once it has started and, once ended, attendance.
 */
export function DetailPage({ id }: { id: string }) {
  const t = useStrings(consoleStrings);
  const detail = useResource((signal) => getConference(id, signal), [id], refreshWhileLive);
  const conference = detail.data;
  if (!conference) {
    return (
      <>
        <PageHeading title={t('navConferences')} />
        {detail.error !== undefined ? (
          <ErrorMessage error={detail.error} onRetry={detail.reload} />
        ) : (
          <StatusMessage>{t('updating')}</StatusMessage>
        )}
      </>
    );
  }
  return (
    <>
      <PageHeading title={conference.title}>
        <StatusBadge status={conference.status} />
      </PageHeading>
      <ConferenceSummary conference={conference} />
      <LifecycleActions id={conference.id} status={conference.status} onChanged={detail.reload} />
      {detail.error !== undefined &&
        (conference.status === 'live' ? (
          <StatusMessage kind="error">{t('refreshFailed')}</StatusMessage>
        ) : (
          <ErrorMessage error={detail.error} onRetry={detail.reload} />
        ))}
      <InvitedPoints
        points={conference.invitedPoints}
        updatedAt={conference.status === 'live' ? detail.loadedAt : undefined}
      />
      <ViewerLink conference={conference} />
      {(conference.status === 'live' || conference.status === 'ended') && (
        <RecordingsSection conference={conference} />
      )}
      {conference.status === 'ended' && <AttendanceReport conference={conference} />}
    </>
  );
}
