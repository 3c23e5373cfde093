import type { KpiComparison } from '../app/deployment-kpis.ts';
import type { KpiValue } from '../core/kpis/kpi-accumulator.ts';
import { NONE } from '../core/format-numbers.ts';

const number = (value: number | null) => (value === null ? NONE : Number(value.toPrecision(4)).toString());
const model = (m: { name: string; version: number }) => `${m.name}:${m.version}`;

/** `conversion_rate 0.12 [0.1, 0.14] n=1200`: a KPI's value with its 95% interval and count. */
export function formatKpiValue(k: KpiValue): string {
  return `${k.name} ${number(k.value)} [${number(k.lower)}, ${number(k.upper)}] n=${k.count}`;
}

/** `conversion_rate: credit:1 0.12 (n=5000) -> credit:2 0.14 (n=4800): +0.02, p = 0.003 (two_proportion_z)`. */
export function formatKpiComparison(c: KpiComparison): string {
  const difference = c.difference === null ? NONE : `${c.difference >= 0 ? '+' : ''}${number(c.difference)}`;
  return `${c.name}: ${model(c.a.model)} ${number(c.a.value)} (n=${c.a.count}) -> ${model(c.b.model)} ${number(c.b.value)} (n=${c.b.count}): ${difference}, p = ${c.p_value === null ? NONE : c.p_value.toPrecision(3)} (${c.test})`;
}
