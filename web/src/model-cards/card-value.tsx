import { Chip, Fields, Time } from '../components/bits.tsx';
import { ImportanceBars } from '../explain/version-importance.tsx';
import type { FeatureImportance } from '../explain/explain-types.ts';
import { cellText, fieldLabel, isEmpty, isInstant, isRecord, tableColumns } from './card-layout.ts';

/** Deep enough for the card's records (section › data › train › contract); deeper reads as one line. */
const maxDepth = 4;

/** A scalar as read: instants as local time, numbers rounded, the rest as text. */
function Scalar({ value }: { value: unknown }) {
  if (isEmpty(value)) return <span class="muted">none</span>;
  if (isInstant(value)) return <Time iso={value} />;
  if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) return <code class="hash hash--full">{value}</code>;
  return <>{cellText(value)}</>;
}

const isScalar = (value: unknown) => value === null || value === undefined || typeof value !== 'object';

/**
 * A card section's content, whatever fields the server put in it: scalars as label–value pairs, lists
 * of records as tables, lists of values as lists, records as nested headed blocks; an empty field says
 * "none" (the section's missing notes, above it, say why). Two fields are drawn specially: global
 * importance as bars and limitations with where each came from (entered or derived).
 */
export function CardRecordView({ value, path, depth = 0 }: { value: unknown; path: string; depth?: number }) {
  if (!isRecord(value)) return <CardFieldValue value={value} path={path} depth={depth} />;
  const entries = Object.entries(value);
  if (entries.length === 0) return <p class="empty">Nothing recorded.</p>;
  const scalars = entries.filter(([, v]) => isScalar(v) || (Array.isArray(v) && v.every(isScalar) && v.length <= 8));
  const blocks = entries.filter((entry) => !scalars.includes(entry));
  return (
    <div class="card-record" data-card-path={path}>
      {scalars.length > 0 && (
        <Fields
          items={scalars.map(([key, v]) => [
            fieldLabel(key),
            <span data-card-field={`${path}.${key}`}>{Array.isArray(v) ? <ScalarList values={v} /> : <Scalar value={v} />}</span>,
          ])}
        />
      )}
      {blocks.map(([key, v]) => {
        const Heading = depth === 0 ? 'h3' : 'h4';
        return (
          <div key={key} class="card-block" data-card-field={`${path}.${key}`}>
            <Heading class="card-block__title">{fieldLabel(key)}</Heading>
            <CardFieldValue value={v} path={`${path}.${key}`} depth={depth + 1} />
          </div>
        );
      })}
    </div>
  );
}

function ScalarList({ values }: { values: readonly unknown[] }) {
  if (values.length === 0) return <span class="muted">none</span>;
  return (
    <span class="chips">
      {values.map((v, i) => (
        <Chip key={i} tone="muted">
          {cellText(v)}
        </Chip>
      ))}
    </span>
  );
}

function CardFieldValue({ value, path, depth }: { value: unknown; path: string; depth: number }) {
  if (isEmpty(value)) return <p class="empty">None.</p>;
  if (path.endsWith('.global_importance') && isImportance(value)) {
    return <ImportanceBars features={value} label="Global importance of each feature" />;
  }
  if (path.endsWith('.limitations') && Array.isArray(value)) return <Limitations items={value} />;
  if (Array.isArray(value)) {
    const columns = tableColumns(value);
    if (columns !== undefined)
      return <CardTable rows={value as Readonly<Record<string, unknown>>[]} columns={columns} label={fieldLabel(path)} />;
    return (
      <ul class="card-list">
        {value.map((v, i) => (
          <li key={i}>
            <Scalar value={v} />
          </li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) {
    return depth >= maxDepth ? <p class="mono wrap">{cellText(value)}</p> : <CardRecordView value={value} path={path} depth={depth} />;
  }
  return (
    <p>
      <Scalar value={value} />
    </p>
  );
}

function CardTable({
  rows,
  columns,
  label,
}: {
  rows: readonly Readonly<Record<string, unknown>>[];
  columns: readonly string[];
  label: string;
}) {
  return (
    <div class="table-scroll">
      <table class="table table--compact card-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {fieldLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} class={typeof row[c] === 'number' ? 'num mono' : 'wrap'}>
                  <Scalar value={row[c]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Entered limitations and those Ballast derived (failed slices, drifting important features, rules that often fail). */
function Limitations({ items }: { items: readonly unknown[] }) {
  return (
    <ul class="card-list card-limitations">
      {items.map((item, i) => {
        const text = isRecord(item) ? item['text'] : item;
        const source = isRecord(item) ? item['source'] : undefined;
        return (
          <li key={i} data-source={typeof source === 'string' ? source : undefined}>
            {typeof source === 'string' && (
              <>
                <Chip
                  tone={source === 'derived' ? 'warn' : 'muted'}
                  title={source === 'derived' ? 'found by Ballast in its records' : 'entered by a person'}
                >
                  {source}
                </Chip>{' '}
              </>
            )}
            {cellText(text)}
          </li>
        );
      })}
    </ul>
  );
}

function isImportance(value: unknown): value is FeatureImportance[] {
  return (
    Array.isArray(value) &&
    value.every(
      (v) => isRecord(v) && typeof v['feature'] === 'string' && typeof v['importance'] === 'number' && typeof v['rank'] === 'number',
    )
  );
}
