import type { ComponentChildren } from 'preact';
import { LanguageSwitch } from '../i18n/language-switch.js';
import { useStrings } from '../i18n/i18n.js';
import { uiStrings } from './strings.js';

interface LayoutProps {
  /** The product name, linking home. */
  brand: ComponentChildren;
  /** Navigation and account controls beside the language switch. */
  nav?: ComponentChildren;
  children: ComponentChildren;
}

/** Skip link, header (brand, navigation, language) and the main landmark every page shares. */
export function Layout({ brand, nav, children }: LayoutProps) {
  const t = useStrings(uiStrings);
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header-inner">
          <div class="brand">{brand}</div>
          {nav}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** With hash routing, `#main` would be read as a route: move focus without touching the address. */
function skipToMain(event: MouseEvent): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
