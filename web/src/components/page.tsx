import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Route } from '../lib/routes.ts';
import { Link } from './bits.tsx';

export interface Crumb {
  readonly label: string;
  readonly to: Route;
}

/**
 * A page's frame: breadcrumbs, its one h1 (focus moves there on navigation, so a screen reader
 * announces the new page) and the document title.
 */
export function Page({
  title,
  crumbs = [],
  meta,
  children,
}: {
  title: string;
  crumbs?: readonly Crumb[];
  meta?: ComponentChildren;
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${title} · Ballast`;
  }, [title]);
  return (
    <article class="page">
      <header class="page__header">
        {crumbs.length > 0 && (
          <nav aria-label="Breadcrumb" class="crumbs">
            <ol>
              {crumbs.map((crumb) => (
                <li key={crumb.label}>
                  <Link to={crumb.to}>{crumb.label}</Link>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {meta && <div class="page__meta">{meta}</div>}
      </header>
      {children}
    </article>
  );
}
