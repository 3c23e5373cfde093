import type { ComponentChildren } from 'preact';
import type { Session } from '../api/session.ts';
import type { Route } from '../lib/routes.ts';
import { hrefFor, sectionOf } from '../lib/routes.ts';
import { OverdueReviewsBadge } from '../governance/overdue-badge.tsx';
import { Chip } from './bits.tsx';

const sections = [
  { id: 'home', label: 'Overview', to: { page: 'home' } },
  { id: 'models', label: 'Models', to: { page: 'models' } },
  { id: 'deployments', label: 'Deployments', to: { page: 'deployments' } },
  { id: 'predictions', label: 'Predictions', to: { page: 'predictions' } },
  { id: 'alerts', label: 'Alerts', to: { page: 'alerts' } },
  { id: 'incidents', label: 'Incidents', to: { page: 'incidents' } },
  { id: 'reviews', label: 'Reviews', to: { page: 'reviews', queue: {} } },
  { id: 'approvals', label: 'Approvals', to: { page: 'approvals' } },
  { id: 'features', label: 'Features', to: { page: 'features' } },
  { id: 'pipelines', label: 'Pipelines', to: { page: 'pipelines' } },
] as const satisfies readonly { id: string; label: string; to: Route }[];

/** The frame around every signed-in page: the left navigation, who is signed in, and the content. */
export function Shell({
  route,
  session,
  onSignOut,
  children,
}: {
  route: Route;
  session: Session;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const current = sectionOf(route);
  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('page-title')?.focus();
        }}
      >
        Skip to content
      </a>
      <aside class="sidebar">
        <div class="sidebar__inner">
          <a class="brand" href={hrefFor({ page: 'home' })}>
            <span class="brand__mark" aria-hidden="true">
              B
            </span>
            Ballast
          </a>
          <nav aria-label="Main" class="nav">
            <ul>
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={hrefFor(section.to)} aria-current={current === section.id ? 'page' : undefined}>
                    {section.label}
                    {section.id === 'approvals' && <OverdueReviewsBadge refresh={hrefFor(route)} />}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="account">
            <p class="account__who">
              <span class="account__label">Signed in as</span>
              <span class="account__actor">{session.actor}</span>
              <Chip tone={session.role === 'admin' ? 'warn' : 'muted'} title="role of this token">
                {session.role}
              </Chip>
            </p>
            <button type="button" class="button button--ghost" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main id="main" class="main">
        {children}
      </main>
    </div>
  );
}
