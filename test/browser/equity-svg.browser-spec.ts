import { renderEquitySvg } from '../../src/cli/equity-svg';
import { launchBrowser, openPage, screenshot, type TestBrowser } from '../support/browser';

// The futures CLI's SVG chart, opened as a document in Chromium: every text inside the picture (the last
// date label included), the profit-target line where the target is, the synthetic label.

/** Sessions of a 50K account from 2024-01-02, balance drifting up by `step` a day, floor trailing $2,000 below its best close. */
function sessions(count: number, step: number): { date: string; balance: number; floor: number }[] {
  const out: { date: string; balance: number; floor: number }[] = [];
  let best = 50_000;
  for (let i = 0; i < count; i += 1) {
    const balance = 50_000 + step * i + (i % 5 === 0 ? -400 : 0);
    best = Math.max(best, balance);
    out.push({ date: new Date(Date.UTC(2024, 0, 2 + i)).toISOString().slice(0, 10), balance, floor: Math.min(50_000, best - 2_000) });
  }
  return out;
}

describe('futures CLI equity SVG in Chromium', () => {
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('keeps every label inside the picture and draws the profit target and the synthetic label', async () => {
    const svg = renderEquitySvg(sessions(250, 9), {
      title: 'MES ORB pullback · 50K combine · in_progress',
      start: { date: '2024-01-01', balance: 50_000, floor: 48_000 },
      profitTarget: 53_000,
      synthetic: true,
    });
    const url = 'http://127.0.0.1/chart.svg';
    const { page, errors, requests } = await openPage(browser, url, { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: svg });
    try {
      await screenshot(page, 'futures-cli-equity-svg', false);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const layout = await page.evaluate(() => {
        const root = document.documentElement as unknown as SVGSVGElement;
        const texts = Array.from(root.querySelectorAll('text')).map((t) => {
          const box = t.getBBox();
          return { text: t.textContent ?? '', left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height };
        });
        const target = root.querySelector('line[data-line="profit-target"]');
        const balance = Array.from(root.querySelectorAll('polyline'))
          .find((p) => p.getAttribute('stroke') === '#1f6feb')
          ?.getAttribute('points')
          ?.split(' ')
          .map((pair) => Number(pair.split(',')[1]));
        return { width: root.width.baseVal.value, height: root.height.baseVal.value, texts, targetY: target === null ? null : Number(target.getAttribute('y1')), balanceYs: balance ?? [] };
      });
      const outside = layout.texts.filter((t) => t.left < 0 || t.right > layout.width || t.top < 0 || t.bottom > layout.height);
      expect(outside).toEqual([]);
      const overlapping = layout.texts.flatMap((a, i) =>
        layout.texts.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map((b) => `${a.text} / ${b.text}`),
      );
      expect(overlapping).toEqual([]);
      expect(layout.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['2024-09-07', 'profit target $53,000', 'SYNTHETIC DATA (generated bars, not market history)']));
      // The balance peaks at 52,241 (< 53,000): the target line lies above every balance point (smaller y).
      expect(layout.targetY).not.toBeNull();
      expect(Math.min(...layout.balanceYs)).toBeGreaterThan(layout.targetY as number);
    } finally {
      await page.close();
    }
  });

  it('has no target line and no synthetic label when there is neither', async () => {
    const svg = renderEquitySvg(sessions(20, 10), { title: 'xfa', start: { date: '2024-01-01', balance: 0, floor: -2_000 } });
    expect(svg).not.toContain('data-line="profit-target"');
    expect(svg).not.toContain('SYNTHETIC');
  });
});
