import { LANGS, setLang, useLang, useStrings } from './i18n.js';
import { common } from './common.js';

const LABELS = { vi: 'Tiếng Việt', en: 'English' } as const;

/** Two buttons, the current language pressed; each labelled in its own language. */
export function LanguageSwitch() {
  const lang = useLang();
  const t = useStrings(common);
  return (
    <div class="lang-switch" role="group" aria-label={t('language')}>
      {LANGS.map((l) => (
        <button type="button" key={l} lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {LABELS[l]}
        </button>
      ))}
    </div>
  );
}
