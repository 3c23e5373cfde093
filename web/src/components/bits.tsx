import type { ComponentChildren } from 'preact';
import { formatNumber, formatTime, shortHash } from '../lib/format.ts';
import type { Route } from '../lib/routes.ts';
import { hrefFor } from '../lib/routes.ts';

export type ChipTone = 'neutral' | 'accent' | 'good' | 'warn' | 'bad' | 'muted';

export function Chip({ tone = 'neutral', children, title }: { tone?: ChipTone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`chip chip--${tone}`} title={title}>
      {children}
    </span>
  );
}

/** Aliases read as status: the champion is the version that serves. */
export function AliasChips({ aliases }: { aliases: readonly string[] }) {
  if (aliases.length === 0) return null;
  return (
    <span class="chips">
      {aliases.map((alias) => (
        <Chip key={alias} tone={alias === 'champion' ? 'good' : 'accent'}>
          {alias}
        </Chip>
      ))}
    </span>
  );
}

export function Link({ to, children, class: className }: { to: Route; children: ComponentChildren; class?: string }) {
  return (
    <a href={hrefFor(to)} class={className}>
      {children}
    </a>
  );
}

export function ModelVersionLink({ name, version }: { name: string; version: number }) {
  return (
    <Link to={{ page: 'version', name, version }} class="mono">
      {name}:{version}
    </Link>
  );
}

export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso)}
    </time>
  );
}

/** A SHA-256 in a table: short, monospace, the full value in the title and for assistive technology. */
export function ShortHash({ value }: { value: string }) {
  return (
    <code class="hash" title={value}>
      <span aria-hidden="true">{shortHash(value)}</span>
      <span class="visually-hidden">{value}</span>
    </code>
  );
}

export function FullHash({ value }: { value: string }) {
  return <code class="hash hash--full">{value}</code>;
}

/** Label–value pairs of a record, as a definition list. */
export function Fields({ items }: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="fields">
      {items.map(([label, value]) => (
        <div class="fields__row" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function NotRecorded() {
  return <span class="muted">not recorded</span>;
}

export function Section({
  title,
  id,
  children,
  actions,
}: {
  title: string;
  id: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={id}>
      <header class="card__header">
        <h2 id={id}>{title}</h2>
        {actions && <div class="card__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** Evaluation metrics inline: `auc 0.8235 · logloss 0.41`. */
export function MetricsInline({ metrics }: { metrics: Readonly<Record<string, number>> }) {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <span class="metrics">
      {entries.map(([name, value]) => (
        <span key={name} class="metric">
          <span class="metric__name">{name}</span> <span class="mono">{formatNumber(value)}</span>
        </span>
      ))}
    </span>
  );
}
