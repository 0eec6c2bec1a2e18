import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { common } from '../i18n/common.js';

interface PageHeadingProps {
  /** Also the start of the document title. */
  title: string;
  children?: ComponentChildren;
}

/**
 * The page's h1. It takes focus when the page opens, so that after a
 * client-side navigation screen readers announce where the user now is.
 */
export function PageHeading({ title, children }: PageHeadingProps) {
  const t = useStrings(common);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${title} — ${t('appName')}`;
  }, [title, t]);
  return (
    <div class="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children && <div class="page-heading-actions">{children}</div>}
    </div>
  );
}
