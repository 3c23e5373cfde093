import { Link } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <Page title="Page not found">
      <div class="panel" role="alert">
        <p>
          The dashboard has no page at <code>{path || '/'}</code>.
        </p>
        <p>
          <Link to={{ page: 'models' }}>Go to the models</Link>
        </p>
      </div>
    </Page>
  );
}
