import { useState } from 'preact/hooks';
import { getAttendanceCsv } from '../../api/attendance.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';

/**
 * Fetches the CSV and saves it under `filename`. Fetching first (rather than
 * a plain link) turns an expired session into a message instead of a saved
 * error page, and names the file after the conference.
 */
export function CsvDownload({ conferenceId, filename }: { conferenceId: string; filename: string }) {
  const t = useStrings(consoleStrings);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const download = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const url = URL.createObjectURL(await getAttendanceCsv(conferenceId));
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.click();
      // After the click has started the download.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      setFailure(t(errorKey(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="csv-download">
      <Button variant="primary" busy={busy} onClick={() => void download()}>
        {t('downloadCsv')}
      </Button>
      {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
    </div>
  );
}
