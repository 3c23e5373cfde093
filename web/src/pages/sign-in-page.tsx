import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, createApiClient } from '../api/client.ts';
import type { Session } from '../api/session.ts';

function explain(error: unknown): string {
  if (error instanceof ApiError && error.status === 401)
    return 'The server does not accept this token. Check that it was copied whole, and that it has not been revoked.';
  if (error instanceof ApiError) return error.message;
  return 'The server could not be reached.';
}

/** Sign in by pasting a token; it is checked with /v1/whoami before it is kept. */
export function SignInPage({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Ballast';
    input.current?.focus();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed === '') {
      setError('Paste an access token first.');
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      const who = await createApiClient({ token: trimmed }).whoami();
      onSignedIn({ token: trimmed, actor: who.actor, role: who.role });
    } catch (failure) {
      setError(explain(failure));
      setChecking(false);
    }
  }

  return (
    <main class="sign-in">
      <form class="sign-in__card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark">B</span>Ballast
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="token">Access token</label>
        <input
          ref={input}
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-describedby={error ? 'token-help token-error' : 'token-help'}
          aria-invalid={error !== undefined}
        />
        <p id="token-help" class="help">
          The server prints an admin token when it first starts (or takes <code>BALLAST_ADMIN_TOKEN</code>);{' '}
          <code>ballast tokens create --name NAME --role viewer</code> makes a read-only one. The token stays in this tab only.
        </p>
        {error && (
          <p id="token-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
