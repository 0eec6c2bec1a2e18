import path from 'node:path';

/**
 * The place of a recording's file under the recordings directory, or
 * `undefined` when `relative` would leave the recording's own folder
 * (`..`, absolute paths, another recording). Stored paths are relative to the
 * recordings directory and use `/`, as the media-worker reports them.
 */
export function fileInRecording(
  recordingsDir: string,
  recordingId: string,
  relative: string,
): string | undefined {
  if (relative.includes('\0') || path.posix.isAbsolute(relative) || relative.includes('\\')) return undefined;
  const normal = path.posix.normalize(relative);
  if (!normal.startsWith(`${recordingId}/`) || normal.split('/').includes('..')) return undefined;
  const folder = path.resolve(recordingsDir, recordingId);
  const absolute = path.resolve(recordingsDir, normal);
  return absolute.startsWith(folder + path.sep) ? absolute : undefined;
}
