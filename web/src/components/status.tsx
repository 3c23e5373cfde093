import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.ts';
import { issuePlace } from '../lib/issue-place.ts';

/** A loading state screen readers announce, without stealing focus. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

function headline(error: Error): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  if (error.status === 0) return 'The server could not be reached';
  if (error.status === 404) return 'Not found';
  if (error.status === 403) return 'Not allowed';
  if (error.status === 401) return 'Signed out';
  return error.status >= 500 ? 'The server failed' : 'The request was refused';
}

export function ErrorPanel({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const code = error instanceof ApiError ? error.code : undefined;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div class="panel panel--error" role="alert">
      <h2 class="panel__title">{headline(error)}</h2>
      <p>{error.message}</p>
      {issues.length > 0 && (
        <ul class="issues">
          {issues.map((issue, i) => (
            <li key={i}>
              {issue.path.length > 0 && <code>{issuePlace(issue)}</code>} {issue.message}
            </li>
          ))}
        </ul>
      )}
      {code && (
        <p class="muted">
          Error code <code>{code}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
