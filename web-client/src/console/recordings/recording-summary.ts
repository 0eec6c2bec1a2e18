import type { Recording, RecordingFile, RecordingList } from '@diemcau/protocol';
import type { Params } from '../../i18n/i18n.js';

/** Seconds a recording lasts: its longest file once there are files, else start to stop; null while it runs. */
export function recordingSeconds(recording: Recording): number | null {
  if (recording.files.length > 0) return Math.max(...recording.files.map((f) => f.durationMs)) / 1000;
  if (recording.stoppedAt === null) return null;
  return Math.max(0, (Date.parse(recording.stoppedAt) - Date.parse(recording.startedAt)) / 1000);
}

export const recordingBytes = (recording: Recording): number =>
  recording.files.reduce((sum, file) => sum + file.bytes, 0);

/** Only a finished recording can be deleted; the server refuses the others (409). */
export const deletable = (recording: Recording): boolean =>
  recording.status === 'ready' || recording.status === 'failed';

type SourceKey = 'sourceProgramme' | 'sourceTrack' | 'sourceTrackUnknown';

/** What a file holds: the programme, or one hall's own tracks, named after the hall when it is invited. */
export function fileSourceText(
  file: Pick<RecordingFile, 'output' | 'pointId'>,
  pointNames: ReadonlyMap<string, string>,
  t: (key: SourceKey, params?: Params) => string,
): string {
  if (file.output === 'programme') return t('sourceProgramme');
  const name = file.pointId === null ? undefined : pointNames.get(file.pointId);
  return name === undefined ? t('sourceTrackUnknown') : t('sourceTrack', { name });
}

/** The list is asked again often while a recording runs or finishes, now and then while the conference is live. */
export const ACTIVE_REFRESH_MS = 5_000;
export const LIVE_REFRESH_MS = 20_000;

export function recordingsRefreshMs(list: RecordingList, conferenceLive: boolean): number | undefined {
  if (list.items.some((r) => r.status === 'recording' || r.status === 'finalising')) return ACTIVE_REFRESH_MS;
  return conferenceLive ? LIVE_REFRESH_MS : undefined;
}
