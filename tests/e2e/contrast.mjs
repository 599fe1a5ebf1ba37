// WCAG 2.1 contrast (§1.4.3, AA: 4.5:1) of the SVG diagrams' text, which axe-core does not
// audit: each <text> colour (fill × opacity) against what is painted behind its centre
// (shapes' fills and HTML backgrounds, composited bottom-up).

/** Runs in the page; returns { checked, failures: [{ text, ratio }], samples }. */
export function svgTextContrast(page) {
  return page.evaluate(() => {
    const rgba = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const luminance = ([r, g, b]) => {
      const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratio = (a, b) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const opacity = (el) => {
      let o = 1;
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    // What an element paints behind the text: a rect its fill, an HTML element its background.
    const paint = (e) => {
      const cs = getComputedStyle(e);
      if (e instanceof SVGRectElement) {
        const f = rgba(cs.fill);
        if (f) f[3] *= Number(cs.fillOpacity) * opacity(e);
        return f;
      }
      return rgba(cs.backgroundColor);
    };
    const failures = [];
    const samples = [];
    let checked = 0;
    // Later steps included: they look "not yet" but are buttons, so they must be readable.
    for (const t of document.querySelectorAll('svg text')) {
      const box = t.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      const behind = [];
      // Shapes behind the text, found geometrically (pointer-events do not matter here).
      for (const s of t.ownerSVGElement.querySelectorAll('rect')) {
        const r = s.getBoundingClientRect();
        const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
        if (r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom) behind.push(s);
      }
      const html = [];
      for (let e = t.ownerSVGElement.parentElement; e; e = e.parentElement) html.unshift(e);
      let bg = [255, 255, 255, 1];
      for (const e of [...html, ...behind]) {
        const p = paint(e);
        if (p && p[3] > 0) bg = over(p, bg);
      }
      const cs = getComputedStyle(t);
      const fill = rgba(cs.fill);
      if (!fill) continue;
      fill[3] *= Number(cs.fillOpacity) * opacity(t);
      const r = ratio(over(fill, bg), bg);
      checked += 1;
      const text = `${t.closest('[aria-label]')?.getAttribute('aria-label') ?? ''} / ${t.textContent.trim()}`;
      samples.push(`${r.toFixed(2)} ${text}`);
      if (r < 4.5) failures.push({ text, ratio: Number(r.toFixed(2)) });
    }
    return { checked, failures, samples };
  });
}
