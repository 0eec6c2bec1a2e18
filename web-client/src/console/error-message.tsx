import { ApiError } from '../api/api-error.js';
import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { Button } from '../ui/button.js';
import { StatusMessage } from '../ui/status-message.js';
import { type ErrorKey, errorKey } from './errors.js';
import { consoleStrings } from './strings.js';

interface ErrorMessageProps {
  error: unknown;
  onRetry?: () => void;
  /** Words for this page in place of the general ones (a conflict while starting a recording, say). */
  messages?: Partial<Record<ErrorKey, string>>;
  /** Also the server's own code and words, for failures the general words cannot name. */
  detailed?: boolean;
}

/** A failed request in words, with a way to try again. */
export function ErrorMessage({ error, onRetry, messages, detailed = false }: ErrorMessageProps) {
  const t = useStrings(consoleStrings);
  const tc = useStrings(common);
  const key = errorKey(error);
  const answered = error instanceof ApiError && error.status > 0;
  return (
    <StatusMessage kind="error">
      <p>{messages?.[key] ?? t(key)}</p>
      {detailed && answered && (
        <p class="error-detail">{t('errorDetail', { code: error.code, message: error.message })}</p>
      )}
      {onRetry && <Button onClick={onRetry}>{tc('retry')}</Button>}
    </StatusMessage>
  );
}
