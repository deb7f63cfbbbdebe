import { createHash } from 'node:crypto';

// The page's one stylesheet and one script, inline (the file must open with no network). The
// Content-Security-Policy names their SHA-256 hashes, so nothing else can run or style the page.

export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1020px; margin: 0 auto; padding: 20px 24px 48px; }
header h1 { font-size: 22px; margin: 0 0 4px; }
header .ran { margin: 0; padding: 0; list-style: none; color: var(--muted); }
header dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0 0; }
header dt { color: var(--muted); }
header dd { margin: 0; }
.banner { margin: 14px 0 0; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
.banner.synthetic { background: #fff8c5; border: 2px solid #d4a72c; color: #3b2300; }
.banner.synthetic span { display: block; font-weight: 400; }
section { margin-top: 28px; break-inside: avoid; }
h2 { font-size: 17px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption, .note { color: var(--muted); font-size: 12.5px; margin: 4px 0 0; }
.metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 24px; align-items: start; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.kv { width: 100%; }
table.kv caption { text-align: left; font-weight: 600; padding: 6px 0 2px; }
table.kv th { text-align: left; font-weight: 400; color: var(--muted); padding: 2px 8px 2px 0; }
table.kv td { padding: 2px 0; }
td.num { text-align: right; white-space: nowrap; }
.why { display: block; font-size: 11px; color: var(--muted); white-space: normal; text-align: right; }
table.heatmap { width: 100%; table-layout: fixed; }
table.heatmap th, table.heatmap td { padding: 4px 2px; text-align: center; font-size: 12px; border: 1px solid #fff; }
table.heatmap td.year { font-weight: 600; border-left: 3px solid #fff; }
.h0 { background: #f6f8fa; }
.hp1 { background: #dafbe1; } .hp2 { background: #aceebb; } .hp3 { background: #6fdd8b; } .hp4 { background: #4ac26b; } .hp5 { background: #2da44e; color: #fff; }
.hn1 { background: #ffebe9; } .hn2 { background: #ffcecb; } .hn3 { background: #ffaba8; } .hn4 { background: #fa7a7a; } .hn5 { background: #cf222e; color: #fff; }
.hm.none { background: #fff; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table.data { width: 100%; font-size: 12.5px; }
table.data th, table.data td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; text-align: left; }
#trades-table td, #ranking-table td, #windows-table td { white-space: nowrap; }
table.data tr.best td { background: #dafbe1; font-weight: 600; }
table.data thead th { position: sticky; top: 0; background: var(--panel); }
table.data th button { all: unset; cursor: pointer; font-weight: 600; }
table.data th[aria-sort="ascending"] button::after { content: " ▲"; }
table.data th[aria-sort="descending"] button::after { content: " ▼"; }
.verdict { padding: 10px 14px; border-radius: 6px; border: 1px solid var(--line); }
.verdict p { margin: 4px 0 0; }
.v-passed { background: #dafbe1; border-color: #4ac26b; }
.v-failed { background: #ffebe9; border-color: #fa7a7a; }
.v-in_progress { background: #fff8c5; border-color: #d4a72c; }
.status { padding: 1px 6px; border-radius: 10px; font-size: 11.5px; background: var(--panel); }
.s-met, .s-ok { background: #dafbe1; } .s-breached, .s-not_met { background: #ffebe9; } .s-soft_breached { background: #fff8c5; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { main { max-width: none; padding: 0; } .scroll { max-height: none; overflow: visible; border: 0; } section { page-break-inside: avoid; } }
`;

export const PAGE_SCRIPT = `
(function () {
  function value(cell, numeric) {
    var raw = cell.getAttribute('data-v');
    if (!numeric) return raw || '';
    return raw === null || raw === '' ? NaN : Number(raw);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      th.querySelector('button').addEventListener('click', function () {
        var numeric = th.getAttribute('data-kind') === 'number';
        var direction = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a.cells[column], numeric);
          var y = value(b.cells[column], numeric);
          if (numeric) {
            if (isNaN(x)) return isNaN(y) ? 0 : 1;
            if (isNaN(y)) return -1;
            return (x - y) * direction;
          }
          return x < y ? -direction : x > y ? direction : 0;
        });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  });
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const STYLE_HASH = sha256(PAGE_STYLE);
export const SCRIPT_HASH = sha256(PAGE_SCRIPT);

/**
 * The page's policy: nothing from the network; only the page's own script and stylesheet (by hash);
 * style attributes allowed, since the server-rendered chart SVG sets its fonts that way.
 * `frame-ancestors` only works as a header, so `withFrameAncestors` is for the HTTP answer.
 */
export function contentSecurityPolicy(withFrameAncestors: boolean): string {
  const directives = [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    `style-src ${STYLE_HASH}`,
    `style-src-elem ${STYLE_HASH}`,
    "style-src-attr 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (withFrameAncestors) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
