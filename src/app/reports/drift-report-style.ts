/** The drift report's inline stylesheet: the contract report's palette, plus the charts and the effect bars. */
export const DRIFT_REPORT_STYLE = `
:root { color-scheme: light; --fg: #1c2430; --muted: #5b6677; --line: #dde2ea; --bg: #f6f7f9; --card: #fff;
  --error: #b42318; --error-bg: #fde8e7; --pass: #17663a; --pass-bg: #e3f5ea; --na: #5b6677; --na-bg: #eceff3;
  --ref: #3f6fb5; --cur: #e0731c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
header h1 { margin: 2px 0 4px; font-size: 22px; word-break: break-all; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: 12px; }
.meta { margin: 0; color: var(--muted); }
.banner { margin: 20px 0 16px; padding: 14px 18px; border-radius: 10px; border: 1px solid; }
.banner .line { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
.banner.pass { background: var(--pass-bg); border-color: #a8dcbb; color: var(--pass); }
.banner.fail { background: var(--error-bg); border-color: #f4b5b0; color: var(--error); }
.banner .multivariate { margin: 8px 0 0; color: var(--fg); }
.verdict { font-weight: 700; font-size: 18px; white-space: nowrap; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 24px; }
.count { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; display: flex; flex-direction: column; }
.count .value { font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
.count .label { color: var(--muted); }
.count.error .value { color: var(--error); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin-bottom: 18px; overflow: hidden; }
.card h2 { font-size: 16px; margin: 0; padding: 12px 16px; border-bottom: 1px solid var(--line); display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.card h2 .kind { color: var(--muted); font-weight: 400; font-size: 13px; }
.card .body { padding: 14px 16px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: middle; padding: 8px 16px; border-bottom: 1px solid var(--line); }
tr:last-child td { border-bottom: 0; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chip { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.chip.drifted { background: var(--error-bg); color: var(--error); }
.chip.stable { background: var(--pass-bg); color: var(--pass); }
.chip.undecided { background: var(--na-bg); color: var(--na); }
.effect { display: flex; align-items: center; gap: 8px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ebar { position: relative; width: 110px; height: 8px; background: #edf0f4; border-radius: 4px; }
.ebar span { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 4px; min-width: 2px; background: #8a97a8; }
.ebar.over span { background: var(--error); }
.ebar i { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--fg); }
.threshold { color: var(--muted); font-size: 12px; }
.reason { margin: 0 0 8px; font-weight: 600; }
.reason.drifted { color: var(--error); } .reason.stable { color: var(--pass); } .reason.undecided { color: var(--na); }
.note { margin: 0 0 10px; padding: 8px 12px; background: #fff3d6; color: #6b4500; border-radius: 8px; }
.missing { margin: 0 0 10px; color: #555; }
.missing.changed { padding: 8px 12px; background: #fde8e8; color: #8a1c1c; border-radius: 8px; }
.chart { max-width: 100%; height: auto; display: block; margin: 6px 0 10px; }
.chart .ref { fill: var(--ref); fill-opacity: .45; }
.chart .cur { fill: var(--cur); fill-opacity: .35; stroke: var(--cur); stroke-width: 1.5; }
.chart text { font-size: 11px; fill: var(--muted); }
.chart .legend text { font-size: 12px; fill: var(--fg); }
.chart .label { fill: var(--fg); }
.chart .label.new { font-weight: 700; fill: var(--cur); } .chart .label.gone { font-style: italic; }
.chart .value { font-variant-numeric: tabular-nums; }
.chart .axis-title { font-size: 12px; }
.chart .grid { stroke: #e6e9ee; } .chart .axis { stroke: #9aa4b2; }
.merged { color: var(--muted); margin: 0 0 10px; font-size: 13px; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; align-items: start; }
.tables table { border: 1px solid var(--line); border-radius: 8px; }
.tables td, .tables th { padding: 6px 12px; }
tr.decides td { background: #f7f9fc; font-weight: 600; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f3f6; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
h2 code { font-size: 15px; }
a { color: inherit; }
.none { color: var(--muted); }
.empty { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px; color: var(--muted); }
`;
