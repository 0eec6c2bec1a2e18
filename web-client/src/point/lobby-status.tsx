import { formatDateTime } from '../i18n/time.js';
import { useLang, useStrings } from '../i18n/i18n.js';
import type { Lobby } from './lobby.js';
import { pointStrings } from './strings.js';

/** Where the link stands, announced politely as it changes (a waiting hall hears when it may join). */
export function LobbyStatus({ lobby }: { lobby: Lobby }) {
  const t = useStrings(pointStrings);
  const lang = useLang();
  let text: string;
  let detail: string | undefined;
  switch (lobby.kind) {
    case 'checking':
      text = t('checking');
      break;
    case 'ready':
      text = t('ready', { title: lobby.join.conference.title });
      detail = t('hallOf', { point: lobby.join.point.name, unit: lobby.join.point.unitName });
      break;
    case 'waiting':
      text = lobby.next
        ? t('waitingNext', { title: lobby.next.title, time: formatDateTime(lobby.next.scheduledStart, lang) })
        : t('waitingNone');
      detail = t('waitingPoll');
      break;
    case 'invalid':
      text = t('invalid');
      break;
    case 'unreachable':
      text = t('unreachable');
      break;
  }
  const tone =
    lobby.kind === 'invalid' || lobby.kind === 'unreachable'
      ? 'error'
      : lobby.kind === 'ready'
        ? 'ready'
        : 'info';
  return (
    <div
      class={`lobby-status lobby-${tone}`}
      role="status"
      data-testid="lobby-status"
      data-state={lobby.kind}
    >
      <p class="lobby-text">{text}</p>
      {detail && <p class="lobby-detail">{detail}</p>}
    </div>
  );
}
