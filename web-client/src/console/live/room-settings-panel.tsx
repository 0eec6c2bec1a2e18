import { useState } from 'preact/hooks';
import { useStrings } from '../../i18n/i18n.js';
import type { RoomSnapshot } from '../../room/room-state.js';
import { liveStrings } from './strings.js';

type Settings = NonNullable<RoomSnapshot['settings']>;

interface RoomSettingsPanelProps {
  /** Null until the server has sent them (on joining). */
  settings: Settings | null;
  onLock: (locked: boolean) => Promise<void>;
  onPointsMayUnmute: (allowed: boolean) => Promise<void>;
}

/** The room's two switches; each shows the server's value, which arrives after the change is made. */
export function RoomSettingsPanel({ settings, onLock, onPointsMayUnmute }: RoomSettingsPanelProps) {
  const t = useStrings(liveStrings);
  const [busy, setBusy] = useState<keyof Settings | null>(null);
  const change = async (which: keyof Settings, action: () => Promise<void>) => {
    setBusy(which);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="panel" aria-labelledby="settings-heading" data-testid="room-settings">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      {settings === null ? (
        <p class="muted">{t('settingsWaiting')}</p>
      ) : (
        <div class="settings-list">
          <label class="radio">
            <input
              type="checkbox"
              checked={settings.locked}
              disabled={busy !== null}
              aria-busy={busy === 'locked' || undefined}
              data-testid="setting-lock"
              onChange={(event) => void change('locked', () => onLock(event.currentTarget.checked))}
            />
            <span>{t('lockRoom')}</span>
          </label>
          <label class="radio">
            <input
              type="checkbox"
              checked={settings.pointsMayUnmute}
              disabled={busy !== null}
              aria-busy={busy === 'pointsMayUnmute' || undefined}
              data-testid="setting-points-may-unmute"
              onChange={(event) =>
                void change('pointsMayUnmute', () => onPointsMayUnmute(event.currentTarget.checked))
              }
            />
            <span>{t('pointsMayUnmute')}</span>
          </label>
        </div>
      )}
    </section>
  );
}
