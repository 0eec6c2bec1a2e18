import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';
import { Button } from '../ui/button.js';
import { StatusMessage } from '../ui/status-message.js';
import { errorKey } from './errors.js';
import { consoleStrings } from './strings.js';

interface ErrorMessageProps {
  error: unknown;
  onRetry?: () => void;
}

/** A failed request in words, with a way to try again. */
export function ErrorMessage({ error, onRetry }: ErrorMessageProps) {
  const t = useStrings(consoleStrings);
  const tc = useStrings(common);
  return (
    <StatusMessage kind="error">
      <p>{t(errorKey(error))}</p>
      {onRetry && <Button onClick={onRetry}>{tc('retry')}</Button>}
    </StatusMessage>
  );
}
