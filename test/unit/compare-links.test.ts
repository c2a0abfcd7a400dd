import { describe, expect, it } from 'vitest';
import { extractLinks, hiddenByDeclarations, hiddenSelectors, parseDeclarations } from '../../src/compare/links.js';

const BASE = 'https://www.example.go.id/home/';

function links(body: string, visibleText?: string, head = '') {
  return extractLinks(`<html><head>${head}</head><body>${body}</body></html>`, { baseUrl: BASE, ...(visibleText !== undefined ? { visibleText } : {}) });
}

describe('extractLinks', () => {
  it('resolves links against the page (and its <base>), drops fragments, keeps text and image alt', () => {
    const out = links('<a href="/about#team">About <b>us</b></a> <a href="https://bank.example/x"><img alt="Partner bank"></a> <a href="mailto:a@b.c">Mail</a>');
    expect(out).toEqual([
      { href: 'https://www.example.go.id/about', origin: 'https://www.example.go.id', text: 'About us', hidden: null },
      { href: 'https://bank.example/x', origin: 'https://bank.example', text: 'Partner bank', hidden: null },
      { href: 'mailto:a@b.c', origin: null, text: 'Mail', hidden: null },
    ]);
    expect(extractLinks('<head><base href="https://cdn.example/"></head><a href="p">x</a>', { baseUrl: BASE })[0]!.href).toBe('https://cdn.example/p');
  });

  it.each([
    ['display:none on an ancestor', '<div style="display:none"><p><a href="https://x.example/">slot</a></p></div>', 'display-none'],
    ['the hidden attribute', '<div hidden><a href="https://x.example/">toto</a></div>', 'hidden-attribute'],
    ['visibility:hidden', '<span style="visibility: hidden !important"><a href="https://x.example/">casino</a></span>', 'visibility-hidden'],
    ['zero font size', '<p style="font-size:0;margin:0"><a href="https://x.example/">bet</a></p>', 'zero-font'],
    ['1 px text', '<div style="font-size:1px;line-height:1px"><a href="https://x.example/">bet</a></div>', 'zero-font'],
    ['a 1 px box', '<div style="height:1px;overflow:hidden"><a href="https://x.example/">pills</a></div>', 'tiny-box'],
    ['off-screen', '<div style="position:absolute;left:-9999px"><a href="https://x.example/">pills</a></div>', 'off-screen'],
    ['a text indent', '<div style="text-indent:-10000px"><a href="https://x.example/">pills</a></div>', 'off-screen'],
    ['opacity 0', '<a style="opacity:0" href="https://x.example/">pills</a>', 'transparent'],
    ['noscript', '<noscript><a href="https://x.example/">pills</a></noscript>', 'not-rendered-element'],
  ])('sees links hidden by %s', (_how, body, reason) => {
    expect(links(body)[0]!.hidden).toBe(reason);
  });

  it('sees links hidden by a class or id that a <style> element hides', () => {
    const head = '<style>/* seo */ .seo-footer, #x { display: none } @media print { .print { display:none } } .ok{color:red}</style>';
    expect(links('<div class="wrap seo-footer"><a href="https://x.example/">slot</a></div>', undefined, head)[0]!.hidden).toBe('display-none');
    expect(links('<ul id="x"><li><a href="https://x.example/">slot</a></li></ul>', undefined, head)[0]!.hidden).toBe('display-none');
    expect(links('<div class="ok print"><a href="https://x.example/">news</a></div>', undefined, head)[0]!.hidden).toBeNull();
  });

  it('takes link text the browser did not render as hidden, when the visible text is given', () => {
    expect(links('<a href="https://x.example/">Slot Gacor Hari Ini</a>', 'Beranda Tentang')[0]!.hidden).toBe('not-in-visible-text');
    expect(links('<a href="https://x.example/">Slot Gacor Hari Ini</a>', 'Beranda SLOT GACOR HARI INI')[0]!.hidden).toBeNull();
    expect(links('<a href="https://x.example/">Go</a>', 'Beranda')[0]!.hidden).toBeNull(); // too short to judge
  });

  it('does not take visible, ordinary links as hidden', () => {
    const out = links(
      '<nav style="font-size:14px;position:absolute;left:10px"><a href="https://x.example/">Partner</a></nav><div style="height:1px"><a href="/a">x</a></div>',
    );
    expect(out.map((l) => l.hidden)).toEqual([null, null]);
  });
});

describe('hidden styles and sheets', () => {
  it('parses declarations and reads what hides', () => {
    expect(parseDeclarations('Display: NONE !important; color:red')).toEqual(
      new Map([
        ['display', 'none'],
        ['color', 'red'],
      ]),
    );
    expect(hiddenByDeclarations(parseDeclarations('font: 0/0 a'))).toBe('zero-font');
    expect(hiddenByDeclarations(parseDeclarations('clip: rect(0 0 0 0); position:absolute'))).toBe('clipped');
    expect(hiddenByDeclarations(parseDeclarations('font-size: 14px; width: 100%'))).toBeNull();
  });

  it('reads simple selectors only', () => {
    const s = hiddenSelectors('div.a, .b > .c, #d { display:none } .e:hover { display:none }');
    expect([...s.classes.keys()]).toEqual(['a']);
    expect([...s.ids.keys()]).toEqual(['d']);
  });
});
