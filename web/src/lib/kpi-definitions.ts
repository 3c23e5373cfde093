/** A deployment's KPI definitions as the `--kpi` option of `ballast deploy` spells them: `conversion_rate = rate(conversion)`; "none" without any. */
export function formatKpiDefinitions(
  kpis: readonly { readonly name: string; readonly event: string; readonly aggregate: string }[] | undefined,
): string {
  const list = kpis ?? [];
  return list.length === 0 ? 'none' : list.map((k) => `${k.name} = ${k.aggregate}(${k.event})`).join(', ');
}
