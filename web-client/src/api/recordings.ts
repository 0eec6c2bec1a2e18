import type { Recording, RecordingList, RecordingStart } from '@diemcau/protocol';
import { request } from './client.js';

const id = encodeURIComponent;

/** Newest first, each with its files (`file.downloadUrl` serves one, signed in). */
export const listRecordings = (conferenceId: string, signal?: AbortSignal): Promise<RecordingList> =>
  request('GET', `/conferences/${id(conferenceId)}/recordings`, { signal });

/** 409 CONFLICT when one is already running or the conference is not live. */
export const startRecording = (conferenceId: string, start: RecordingStart): Promise<Recording> =>
  request('POST', `/conferences/${id(conferenceId)}/recordings`, { body: start });

/** Answers the recording as `finalising`; it turns `ready` (or `failed`) once its files are joined. */
export const stopRecording = (recordingId: string): Promise<Recording> =>
  request('POST', `/recordings/${id(recordingId)}/stop`);

/** Only a `ready` or `failed` recording; its files go with it. */
export const deleteRecording = (recordingId: string): Promise<void> =>
  request('DELETE', `/recordings/${id(recordingId)}`);
