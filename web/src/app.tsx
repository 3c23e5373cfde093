import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiContext } from './api/api-context.ts';
import { createApiClient } from './api/client.ts';
import type { Session } from './api/session.ts';
import { clearSession, loadSession, saveSession } from './api/session.ts';
import { Shell } from './components/shell.tsx';
import type { Route } from './lib/routes.ts';
import { parseRoute } from './lib/routes.ts';
import { AlertsPage } from './pages/alerts-page.tsx';
import { ApprovalsPage } from './governance/approvals-page.tsx';
import { ContractPage } from './pages/contract-page.tsx';
import { CardPage } from './model-cards/card-page.tsx';
import { DeploymentPage } from './pages/deployment-page.tsx';
import { DeploymentsPage } from './pages/deployments-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { IncidentPage } from './pages/incident-page.tsx';
import { IncidentsPage } from './pages/incidents-page.tsx';
import { ModelPage } from './pages/model-page.tsx';
import { ModelsPage } from './pages/models-page.tsx';
import { MonitoringPage } from './pages/monitoring-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { PerformancePage } from './pages/performance-page.tsx';
import { FeaturesPage } from './features/features-page.tsx';
import { PipelineRunPage } from './pipelines/pipeline-run-page.tsx';
import { PipelineRunsPage } from './pipelines/pipeline-runs-page.tsx';
import { PredictionPage } from './pages/prediction-page.tsx';
import { PredictionsPage } from './pages/predictions-page.tsx';
import { ReviewPage } from './reviews/review-page.tsx';
import { canDecide } from './reviews/review-wording.ts';
import { ReviewsPage } from './reviews/reviews-page.tsx';
import { RolloutPage } from './rollouts/rollout-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { VersionPage } from './pages/version-page.tsx';

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

function PageFor({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'models':
      return <ModelsPage />;
    case 'model':
      return <ModelPage name={route.name} />;
    case 'version':
      return <VersionPage name={route.name} version={route.version} />;
    case 'contract':
      return <ContractPage name={route.name} version={route.version} />;
    case 'card':
      return <CardPage name={route.name} version={route.version} />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'deployment':
      return <DeploymentPage name={route.name} />;
    case 'monitoring':
      return <MonitoringPage name={route.name} />;
    case 'performance':
      return <PerformancePage name={route.name} />;
    case 'rollout':
      return <RolloutPage name={route.name} canAct={session.role === 'operator' || session.role === 'admin'} />;
    case 'predictions':
      return <PredictionsPage deployment={route.deployment} />;
    case 'prediction':
      return <PredictionPage id={route.id} />;
    case 'alerts':
      return <AlertsPage />;
    case 'incidents':
      return <IncidentsPage status={route.status} />;
    case 'incident':
      // The server decides; the page only hides what a read-only token would be refused.
      return <IncidentPage id={route.id} canAct={session.role === 'operator' || session.role === 'admin'} />;
    case 'reviews':
      return <ReviewsPage queue={route.queue} />;
    case 'review':
      return <ReviewPage id={route.id} queue={route.queue} canDecide={canDecide(session.role)} />;
    case 'approvals':
      return <ApprovalsPage status={route.status} session={session} />;
    case 'features':
      return <FeaturesPage />;
    case 'pipelines':
      return <PipelineRunsPage />;
    case 'pipeline-run':
      return <PipelineRunPage id={route.id} />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

export function App() {
  const route = useHashRoute();
  const [session, setSession] = useState<Session | undefined>(() => loadSession(window.sessionStorage));
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const signIn = (next: Session) => {
    saveSession(window.sessionStorage, next);
    setNotice(undefined);
    setSession(next);
  };
  const signOut = (reason?: string) => {
    clearSession(window.sessionStorage);
    setNotice(reason);
    setSession(undefined);
  };

  const api = useMemo(
    () =>
      session &&
      createApiClient({
        token: session.token,
        onUnauthorized: () => signOut('The server no longer accepts this token. Sign in again.'),
      }),
    [session],
  );

  // After a navigation (not the first paint) move focus to the new page's heading.
  const firstRoute = useRef(true);
  const routeKey = JSON.stringify(route);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    document.getElementById('page-title')?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [routeKey]);

  if (session === undefined || api === undefined) return <SignInPage onSignedIn={signIn} notice={notice} />;
  return (
    <ApiContext.Provider value={api}>
      <Shell route={route} session={session} onSignOut={() => signOut('Signed out.')}>
        {/* Keyed by route: every page starts from its loading state, never showing the previous page's data. */}
        <PageFor key={routeKey} route={route} session={session} />
      </Shell>
    </ApiContext.Provider>
  );
}
